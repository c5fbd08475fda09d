import { aCard, aLead } from '@caio/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auth, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
  const lead = aLead('lead_sep');
  await t.store.putLead(lead, null);
  await t.store.putCard({ ...aCard('card_sep', lead, { channel: 'instantly', campaignId: 'cmp-gone' }), status: 'separated', separatedReason: 'campaign cmp-gone is unknown to instantly' }, null);
  await t.store.putCard(aCard('card_pending', lead, { channel: 'instantly', campaignId: 'cmp-mapped' }), null);
});
afterEach(async () => {
  await t.app.close();
});

const remap = (id: string, campaign: string) => t.app.inject({ method: 'POST', url: `/api/cards/${id}/remap`, headers: { ...auth }, payload: { campaign } });

describe('POST /api/cards/:id/remap', () => {
  it('returns a separated card to pending with a listed campaign and a new digest, audited; it is in the queue again', async () => {
    const before = (await t.store.getCard('card_sep' as never))._unsafeUnwrap()!;
    const response = await remap('card_sep', 'cmp-mapped');
    expect(response.statusCode, response.body).toBe(200);
    const card = response.json().card;
    expect(card).toMatchObject({ status: 'pending', campaignId: 'cmp-mapped', version: before.version + 1 });
    expect(card.separatedReason).toBeUndefined();
    expect(card.contentDigest).not.toBe(before.contentDigest);
    expect((await t.store.listQueue({ campaignId: 'cmp-mapped' }))._unsafeUnwrap().items.map((c) => c.id).sort()).toEqual(['card_pending', 'card_sep']);
    const audit = (await t.store.listAudit({ cardId: 'card_sep' as never }))._unsafeUnwrap();
    expect(audit.map((e) => [e.action, e.trace.actor, e.detail])).toEqual([['card.remapped', 'user:admin', { from: 'cmp-gone', to: 'cmp-mapped' }]]);
  });

  it('refuses a campaign the provider does not list, a card that is not separated, and an unknown card, changing nothing', async () => {
    const unlisted = await remap('card_sep', 'cmp-nope');
    expect(unlisted.statusCode).toBe(400);
    expect(unlisted.json().message).toContain('cmp-nope is not a campaign instantly lists');
    expect((await t.store.getCard('card_sep' as never))._unsafeUnwrap()?.status).toBe('separated');
    expect((await remap('card_pending', 'cmp-mapped')).statusCode).toBe(409);
    expect((await remap('card_nobody', 'cmp-mapped')).statusCode).toBe(404);
  });
});
