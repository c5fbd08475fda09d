import { HeyReachChannel, heyReachClient, type HeyReachOptions, type LeadItem } from '@caio/adapters-heyreach';
import type { AttemptId, SendRequest } from '@caio/core';
import { aCard, aLead, FakeHeyReach } from '@caio/testkit';
import { describeOutboundChannelFaults } from '@caio/testkit/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const FAST = { baseBackoffMs: 10, timeouts: { headersTimeoutMs: 300, bodyTimeoutMs: 300, connectTimeoutMs: 300 } } as const;

const request = (id = 'card_1', campaignId = '4242', lead = aLead(`lead_${id}`)): SendRequest => ({
  card: aCard(id, lead, { channel: 'heyreach', campaignId, subject: '', personalization: { icebreaker: 'Loved your 6sense talk' } }),
  lead,
  attemptId: 'attempt_1' as AttemptId,
  idempotencyKey: `${id}:0`,
});
const item = (id: string, campaignId = '4242'): LeadItem => {
  const { card, lead } = request(id, campaignId);
  return { card, lead };
};

describeOutboundChannelFaults('HeyReach', async () => {
  const fake = await new FakeHeyReach().start();
  return {
    fake,
    credential: fake.apiKey,
    channel: ({ baseUrl, credential, rateLimits }) => new HeyReachChannel(heyReachClient({ ...FAST, apiKey: credential, baseUrl, ...(rateLimits ? { rateLimits } : {}) })),
    sendRoute: 'POST /campaign/AddLeadsToCampaignV2',
    requestsPerSend: 1,
    request: (id) => request(id),
  };
});

describe('HeyReach channel', () => {
  let fake: FakeHeyReach;
  beforeEach(async () => {
    fake = await new FakeHeyReach().start();
  });
  afterEach(async () => fake.stop());
  const make = (overrides: Partial<HeyReachOptions> = {}) => new HeyReachChannel(heyReachClient({ ...FAST, apiKey: fake.apiKey, baseUrl: fake.baseUrl, ...overrides }));

  it('adds the lead by profileUrl (trailing slash) with its fields and custom user fields; HeyReach picks the sender', async () => {
    const r = request();
    expect((await make().send(r))._unsafeUnwrap()).toEqual({ campaignId: 4242, added: 1, updated: 0 });
    expect(fake.requests[0]?.headers['x-api-key']).toBe(fake.apiKey);
    expect(fake.requests[0]?.body).toEqual({
      campaignId: 4242,
      accountLeadPairs: [
        {
          linkedInAccountId: null,
          lead: {
            profileUrl: 'https://www.linkedin.com/in/lead_card_1/',
            firstName: 'Ada',
            lastName: 'Lovelace',
            companyName: 'Acme',
            position: 'CTO',
            emailAddress: 'lead_card_1@acme.example',
            customUserFields: [
              { name: 'icebreaker', value: 'Loved your 6sense talk' },
              { name: 'message', value: r.card.body },
            ],
          },
        },
      ],
      resumePausedCampaign: true,
    });
  });

  it('resumes a campaign HeyReach paused for an empty list (resumePausedCampaign, default on), unless configured off', async () => {
    fake.campaigns.get(4242)!.status = 'PAUSED';
    const off = new HeyReachChannel(heyReachClient({ ...FAST, apiKey: fake.apiKey, baseUrl: fake.baseUrl }), { resumePausedCampaign: false });
    (await off.send(request('card_1')))._unsafeUnwrap();
    expect(fake.requests.at(-1)?.body).toMatchObject({ resumePausedCampaign: false });
    expect(fake.campaigns.get(4242)?.status).toBe('PAUSED');
    (await make().send(request('card_2')))._unsafeUnwrap();
    expect(fake.campaigns.get(4242)?.status).toBe('IN_PROGRESS');
  });

  it('reports a lead already in the campaign as updated', async () => {
    const channel = make();
    (await channel.send(request('card_1')))._unsafeUnwrap();
    expect((await channel.send(request('card_2', '4242', request('card_1').lead)))._unsafeUnwrap()).toEqual({ campaignId: 4242, added: 0, updated: 1 });
  });

  it('refuses a lead without a LinkedIn profile, or a non-numeric campaign, before any request', async () => {
    expect((await make().send(request('card_1', '4242', aLead('nolink', { linkedinUrl: null }))))._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendRejected', message: expect.stringContaining('LinkedIn') });
    expect((await make().send(request('card_2', 'cmp-uuid')))._unsafeUnwrapErr()._tag).toBe('SendRejected');
    expect(fake.requests).toHaveLength(0);
  });

  it('maps an unknown campaign (404 {errorMessage}) and ASP.NET validation errors to SendRejected with their text', async () => {
    expect((await make().send(request('card_1', '999')))._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendRejected', status: 404, message: expect.stringContaining('Campaign not found') });
    fake.inject('POST /campaign/AddLeadsToCampaignV2', { status: 400, body: { errors: { 'AccountLeadPairs[0].Lead.ProfileUrl': ['The ProfileUrl field is required.'] } } });
    expect((await make().send(request('card_2')))._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendRejected', status: 400, message: expect.stringContaining('AccountLeadPairs[0].Lead.ProfileUrl: The ProfileUrl field is required.') });
  });

  it('treats "all failed" as rejected and "some failed" as unknown (HeyReach does not say which)', async () => {
    fake.inject('POST /campaign/AddLeadsToCampaignV2', { status: 200, body: { addedLeadsCount: 0, updatedLeadsCount: 0, failedLeadsCount: 1 } }, { status: 200, body: { addedLeadsCount: 60, updatedLeadsCount: 0, failedLeadsCount: 40 } });
    expect((await make().send(request()))._unsafeUnwrapErr()._tag).toBe('SendRejected');
    const [outcome] = await make().addMany(Array.from({ length: 100 }, (_, i) => item(`card_${i}`)));
    expect(outcome?.result._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendUnknown', message: expect.stringContaining('40 failed') });
  });

  it('adds in bulk per campaign, at most 100 pairs per call, one outcome per call', async () => {
    const items = [...Array.from({ length: 250 }, (_, i) => item(`card_${i}`)), item('card_other', '1001'), { ...item('card_nolink'), lead: aLead('nolink', { linkedinUrl: null }) }];
    const outcomes = await make().addMany(items);
    expect(outcomes.map((o) => [o.cardIds.length, o.result.isOk() ? o.result.value : o.result.error._tag])).toEqual([
      [1, 'SendRejected'],
      [100, { campaignId: 4242, added: 100, updated: 0 }],
      [100, { campaignId: 4242, added: 100, updated: 0 }],
      [50, { campaignId: 4242, added: 50, updated: 0 }],
      [1, { campaignId: 1001, added: 1, updated: 0 }],
    ]);
    // The calls run concurrently, so they may arrive in any order.
    const calls = fake.requestsWhere({ route: 'POST /campaign/AddLeadsToCampaignV2' }).map((r) => `${(r.body as { campaignId: number }).campaignId}:${(r.body as { accountLeadPairs: unknown[] }).accountLeadPairs.length}`);
    expect(calls.sort()).toEqual(['1001:1', '4242:100', '4242:100', '4242:50']);
  });

  it('lists every campaign across pages and checks the key', async () => {
    for (let i = 1; i <= 230; i++) fake.campaigns.set(5000 + i, { name: `C${i}`, status: 'IN_PROGRESS', profiles: new Set() });
    expect((await make().listCampaigns())._unsafeUnwrap()).toEqual([...fake.campaigns.keys()].map(String));
    expect(fake.requestsWhere({ route: 'POST /campaign/GetAll' }).map((r) => r.body)).toEqual([
      { offset: 0, limit: 100 },
      { offset: 100, limit: 100 },
      { offset: 200, limit: 100 },
    ]);
    expect((await make().checkApiKey())._unsafeUnwrap()).toBe(true);
    expect((await make({ apiKey: 'not-the-key' }).checkApiKey())._unsafeUnwrap()).toBe(false);
  });
});
