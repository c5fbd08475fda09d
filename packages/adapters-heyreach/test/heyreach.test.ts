import { HeyReachChannel, heyReachClient } from '@caio/adapters-heyreach';
import type { AttemptId, SendRequest } from '@caio/core';
import { aCard, aLead, FakeHeyReach } from '@caio/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let fake: FakeHeyReach;
beforeEach(async () => {
  fake = await new FakeHeyReach().start();
});
afterEach(async () => fake.stop());

const make = (overrides: Partial<Parameters<typeof heyReachClient>[0]> = {}) => new HeyReachChannel(heyReachClient({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, baseBackoffMs: 10, timeouts: { headersTimeoutMs: 400 }, ...overrides }));
const request = (id = 'card_1', campaignId = '4242', lead = aLead(`lead_${id}`)): SendRequest => ({ card: aCard(id, lead, { channel: 'heyreach', campaignId, subject: '' }), lead, attemptId: 'attempt_1' as AttemptId, idempotencyKey: `${id}:0` });

describe('HeyReach channel', () => {
  it('adds the lead to the campaign by profileUrl with custom user fields', async () => {
    expect((await make().send(request()))._unsafeUnwrap()).toEqual({ campaignId: 4242, added: 1, updated: 0 });
    expect(fake.requests[0]?.headers['x-api-key']).toBe(fake.apiKey);
    expect(fake.requests[0]?.body).toMatchObject({ campaignId: 4242, accountLeadPairs: [{ linkedInAccountId: null, lead: { profileUrl: 'https://www.linkedin.com/in/lead_card_1/', customUserFields: expect.arrayContaining([{ name: 'message', value: expect.any(String) }]) } }] });
  });

  it('refuses a lead without a LinkedIn profile before any request', async () => {
    const lead = aLead('nolink', { linkedinUrl: null });
    expect((await make().send(request('card_1', '4242', lead)))._unsafeUnwrapErr()._tag).toBe('SendRejected');
    expect(fake.requests).toHaveLength(0);
  });

  it('maps an unknown campaign to rejected and a bad key to rejected without the key', async () => {
    expect((await make().send(request('card_1', '999')))._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendRejected', status: 404, message: expect.stringContaining('Campaign not found') });
    expect((await make({ apiKey: 'bad-key-987654' }).send(request()))._unsafeUnwrapErr().message).not.toContain('bad-key-987654');
  });

  it('retries a 429 with Retry-After, and ends unknown on a reset with one request', async () => {
    fake.inject('POST /campaign/AddLeadsToCampaignV2', { status: 429, headers: { 'retry-after': '0' } });
    expect((await make().send(request('card_1'))).isOk()).toBe(true);
    fake.inject('POST /campaign/AddLeadsToCampaignV2', { resetAfterRead: true });
    const before = fake.count('POST', '/campaign/AddLeadsToCampaignV2');
    expect((await make().send(request('card_2')))._unsafeUnwrapErr()._tag).toBe('SendUnknown');
    expect(fake.count('POST', '/campaign/AddLeadsToCampaignV2') - before).toBe(1);
  });

  it('adds in chunks of 100 pairs, lists campaigns and checks the key', async () => {
    const items = Array.from({ length: 250 }, (_, i) => request(`card_${i}`)).map((r) => ({ card: r.card, lead: r.lead }));
    expect((await make().addMany(4242, items))._unsafeUnwrap()).toEqual({ added: 250, updated: 0, failed: 0 });
    expect(fake.requests.map((r) => (r.body as { accountLeadPairs: unknown[] }).accountLeadPairs.length).sort((a, b) => b - a)).toEqual([100, 100, 50]);
    expect((await make().listCampaigns())._unsafeUnwrap()).toEqual(['4242', '1001']);
    expect((await make().checkApiKey())._unsafeUnwrap()).toBe(true);
    expect((await make({ apiKey: 'x' }).checkApiKey())._unsafeUnwrapErr()._tag).toBe('SendRejected');
  });

  it('keeps a burst of 1,000 sends under the limit', async () => {
    fake.setRateLimit({ limit: 100, windowMs: 100 });
    const channel = make({ rateLimits: [{ limit: 100, windowMs: 100 }] });
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => channel.send(request(`card_${i}`))));
    expect(results.every((r) => r.isOk())).toBe(true);
    expect(fake.maxInWindow).toBeLessThanOrEqual(100);
  }, 30_000);
});
