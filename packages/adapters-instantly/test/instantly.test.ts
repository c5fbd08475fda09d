import { InstantlyChannel, instantlyClient } from '@caio/adapters-instantly';
import type { AttemptId, SendRequest } from '@caio/core';
import { aCard, aLead, FakeInstantly } from '@caio/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let fake: FakeInstantly;
beforeEach(async () => {
  fake = await new FakeInstantly().start();
});
afterEach(async () => fake.stop());

const make = (overrides: Partial<Parameters<typeof instantlyClient>[0]> = {}) => new InstantlyChannel(instantlyClient({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, baseBackoffMs: 10, timeouts: { headersTimeoutMs: 400 }, ...overrides }));
const request = (id = 'card_1', campaignId = 'cmp-1'): SendRequest => {
  const lead = aLead(`lead_${id}`);
  return { card: aCard(id, lead, { channel: 'instantly', campaignId, personalization: { first_line: 'Saw the 6sense rollout' } }), lead, attemptId: 'attempt_1' as AttemptId, idempotencyKey: `${id}:0` };
};

describe('Instantly channel', () => {
  it('enrols the lead in the card\'s campaign with flat custom variables and the skip flags', async () => {
    const receipt = (await make().send(request()))._unsafeUnwrap();
    expect(receipt).toEqual({ leadId: expect.stringMatching(/^lead-/), campaignId: 'cmp-1' });
    expect(fake.requests[0]?.body).toMatchObject({ email: 'lead_card_1@acme.example', campaign: 'cmp-1', skip_if_in_workspace: true, skip_if_in_campaign: true, custom_variables: { first_line: 'Saw the 6sense rollout', caio_card_id: 'card_1' } });
  });

  it('refuses a card without a campaign before any request', async () => {
    const r = request();
    const { campaignId: _c, ...card } = r.card;
    expect((await make().send({ ...r, card }))._unsafeUnwrapErr()._tag).toBe('SendRejected');
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    [401, 'Invalid API key'],
    [402, 'No paid plan'],
    [403, 'Missing scope leads:create'],
  ])('maps %i to rejected', async (status, message) => {
    fake.inject('POST /leads', { status, body: { message } });
    expect((await make().send(request()))._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendRejected', status, message: expect.stringContaining(message) });
  });

  it('maps an unknown campaign (404) to rejected and a wrong key to rejected without the key', async () => {
    expect((await make().send(request('card_1', 'cmp-gone')))._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendRejected', status: 404 });
    const wrong = (await make({ apiKey: 'not-the-key-0123' }).send(request()))._unsafeUnwrapErr();
    expect(wrong.message).not.toContain('not-the-key-0123');
  });

  it('ends unknown on a timeout after the request left, with exactly one request', async () => {
    fake.inject('POST /leads', { hang: true });
    expect((await make().send(request()))._unsafeUnwrapErr()._tag).toBe('SendUnknown');
    expect(fake.count('POST', '/leads')).toBe(1);
  });

  it('enrols in bulk, at most 1,000 per call', async () => {
    const items = Array.from({ length: 2500 }, (_, i) => request(`card_${i}`)).map((r) => ({ card: r.card, lead: r.lead }));
    expect((await make({ rateLimits: false }).enrolMany('cmp-1', items))._unsafeUnwrap()).toEqual({ uploaded: 2500, duplicated: 0, invalid: 0 });
    expect(fake.requests.map((r) => (r.body as { leads: unknown[] }).leads.length).sort((a, b) => b - a)).toEqual([1000, 1000, 500]);
  });

  it('lists every campaign, following the cursor', async () => {
    for (let i = 3; i <= 250; i++) fake.campaigns.set(`cmp-${i}`, `C${i}`);
    expect((await make().listCampaigns())._unsafeUnwrap()).toHaveLength(250);
  });

  it('keeps a burst of 1,000 sends under the limit', async () => {
    fake.setRateLimit({ limit: 100, windowMs: 100 });
    const channel = make({ rateLimits: [{ limit: 100, windowMs: 100 }] });
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => channel.send(request(`card_${i}`))));
    expect(results.every((r) => r.isOk())).toBe(true);
    expect(fake.maxInWindow).toBeLessThanOrEqual(100);
  }, 30_000);
});
