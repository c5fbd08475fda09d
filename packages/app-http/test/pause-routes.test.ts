import { aCard, aLead } from '@caio/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auth, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ SUPERVISED_SEND_WINDOW_OVERRIDE: 'true' });
});
afterEach(async () => {
  await t.app.close();
});

const pause = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/controls/pauses', headers: { ...auth }, payload: body });

describe('per-channel and per-campaign pauses', () => {
  it('a paused channel sends nothing (refused inside the claim), resumes, and both are audited', async () => {
    for (const id of ['a', 'b']) {
      const lead = aLead(`lead_${id}`);
      await t.store.putLead(lead, null);
      await t.store.putCard(aCard(`card_${id}`, lead), null);
    }
    expect((await pause({ channel: 'ghl_email', paused: true, reason: 'domain warming' })).json()).toEqual({ channels: ['ghl_email'], campaigns: [] });
    const refused = (await t.app.inject({ method: 'POST', url: '/api/cards/card_a/approve', headers: auth })).json();
    expect(refused.send).toMatchObject({ result: 'refused', reason: 'channel_paused' });
    expect(t.channels.ghl_email.delivered).toHaveLength(0);

    expect((await pause({ channel: 'ghl_email', paused: false, reason: 'warm again' })).json()).toEqual({ channels: [], campaigns: [] });
    expect((await t.app.inject({ method: 'POST', url: '/api/cards/card_b/approve', headers: auth })).json().send.result).toBe('sent');
    const actions = (await t.store.listAudit({ limit: 100 }))._unsafeUnwrap().filter((e) => e.action.startsWith('controls.channel'));
    expect(actions.map((e) => [e.action, e.trace.actor, e.detail.reason])).toEqual([
      ['controls.channel_paused', 'user:admin', 'domain warming'],
      ['controls.channel_resumed', 'user:admin', 'warm again'],
    ]);
  });

  it('pauses a campaign, lists the pauses, and refuses a bad request', async () => {
    await pause({ campaign: 'cmp-mapped', paused: true, reason: 'copy under review' });
    expect((await t.app.inject({ method: 'GET', url: '/api/controls/pauses', headers: auth })).json()).toEqual({ channels: [], campaigns: ['cmp-mapped'] });
    expect((await pause({ channel: 'fax', paused: true, reason: 'nope' })).statusCode).toBe(400);
    expect((await pause({ campaign: 'cmp', paused: true, reason: 'x' })).statusCode).toBe(400);
    expect((await pause({ channel: 'instantly', campaign: 'cmp', paused: true, reason: 'both' })).statusCode).toBe(400);
  });
});
