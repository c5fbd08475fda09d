import { InstantlyChannel, instantlyClient, type EnrolItem, type InstantlyOptions } from '@caio/adapters-instantly';
import type { AttemptId, SendRequest } from '@caio/core';
import { aCard, aLead, FakeInstantly } from '@caio/testkit';
import { describeOutboundChannelFaults } from '@caio/testkit/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const FAST = { baseBackoffMs: 10, timeouts: { headersTimeoutMs: 300, bodyTimeoutMs: 300, connectTimeoutMs: 300 } } as const;

const request = (id = 'card_1', campaignId = 'cmp-1', lead = aLead(`lead_${id}`)): SendRequest => ({
  card: aCard(id, lead, { channel: 'instantly', campaignId, personalization: { first_line: 'Saw the 6sense rollout' } }),
  lead,
  attemptId: 'attempt_1' as AttemptId,
  idempotencyKey: `${id}:0`,
});
const item = (id: string, campaignId = 'cmp-1'): EnrolItem => {
  const { card, lead } = request(id, campaignId);
  return { card, lead };
};

describeOutboundChannelFaults('Instantly', async () => {
  const fake = await new FakeInstantly().start();
  return {
    fake,
    credential: fake.apiKey,
    channel: ({ baseUrl, credential, rateLimits }) => new InstantlyChannel(instantlyClient({ ...FAST, apiKey: credential, baseUrl, ...(rateLimits ? { rateLimits } : {}) })),
    sendRoute: 'POST /leads',
    requestsPerSend: 1,
    request: (id) => request(id),
  };
});

describe('Instantly channel', () => {
  let fake: FakeInstantly;
  beforeEach(async () => {
    fake = await new FakeInstantly().start();
  });
  afterEach(async () => fake.stop());
  const make = (overrides: Partial<InstantlyOptions> = {}) => new InstantlyChannel(instantlyClient({ ...FAST, apiKey: fake.apiKey, baseUrl: fake.baseUrl, ...overrides }));

  it('enrols the lead in the card\'s campaign (field `campaign`) with flat custom variables and the skip flags', async () => {
    const r = request();
    const receipt = (await make().send(r))._unsafeUnwrap();
    expect(receipt).toEqual({ leadId: fake.leads[0]?.id, campaignId: 'cmp-1' });
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(fake.requests[0]?.body).toEqual({
      email: 'lead_card_1@acme.example',
      first_name: 'Ada',
      last_name: 'Lovelace',
      company_name: 'Acme',
      job_title: 'CTO',
      personalization: r.card.opener,
      campaign: 'cmp-1',
      custom_variables: { first_line: 'Saw the 6sense rollout', subject: r.card.subject, body: r.card.body, caio_card_id: 'card_1' },
      skip_if_in_workspace: true,
      skip_if_in_campaign: true,
    });
  });

  it('lets Instantly refuse a second enrolment of the same lead (skip flags honoured)', async () => {
    const channel = make();
    const first = (await channel.send(request('card_1', 'cmp-1')))._unsafeUnwrap();
    const lead = request('card_1').lead;
    const again = (await channel.send(request('card_2', 'cmp-2', lead)))._unsafeUnwrap();
    expect(again.leadId).toBe(first.leadId);
    expect(fake.leads).toHaveLength(1);
  });

  it('refuses a card without a campaign or a lead without e-mail before any request', async () => {
    const r = request();
    const { campaignId: _c, ...card } = r.card;
    expect((await make().send({ ...r, card }))._unsafeUnwrapErr()._tag).toBe('SendRejected');
    const noEmail = aLead('no_email', { email: null });
    expect((await make().send(request('card_2', 'cmp-1', noEmail)))._unsafeUnwrapErr()._tag).toBe('SendRejected');
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['an unknown campaign', 404, () => request('card_1', 'cmp-gone')],
    ['a used-up plan', 402, () => ((fake.remainingInPlan = 0), request())],
    ['a key without leads:create', 403, () => ((fake.scopes = new Set(['campaigns:read'])), request())],
  ])('maps %s to SendRejected (%i) with Instantly\'s message', async (_case, status, build) => {
    const error = (await make().send(build()))._unsafeUnwrapErr();
    expect(error).toMatchObject({ _tag: 'SendRejected', status });
    expect(error.message).toMatch(/^Instantly: POST \/leads answered \d{3}: \S/);
  });

  it('enrols in bulk per campaign, at most 1,000 per call, one outcome per call', async () => {
    const items = [...Array.from({ length: 2_300 }, (_, i) => item(`card_${i}`)), ...Array.from({ length: 5 }, (_, i) => item(`card_b${i}`, 'cmp-2'))];
    const outcomes = await make({ rateLimits: false }).enrolMany(items);
    expect(outcomes.map((o) => [o.cardIds.length, o.result._unsafeUnwrap()])).toEqual([
      [1000, { campaignId: 'cmp-1', uploaded: 1000, duplicated: 0, invalid: 0 }],
      [1000, { campaignId: 'cmp-1', uploaded: 1000, duplicated: 0, invalid: 0 }],
      [300, { campaignId: 'cmp-1', uploaded: 300, duplicated: 0, invalid: 0 }],
      [5, { campaignId: 'cmp-2', uploaded: 5, duplicated: 0, invalid: 0 }],
    ]);
    expect(outcomes.flatMap((o) => o.cardIds)).toEqual(items.map((i) => i.card.id));
    // The calls run concurrently, so they may arrive in any order.
    const calls = fake.requestsWhere({ route: 'POST /leads/add' }).map((r) => `${(r.body as { campaign_id: string }).campaign_id}:${(r.body as { leads: unknown[] }).leads.length}`);
    expect(calls.sort()).toEqual(['cmp-1:1000', 'cmp-1:1000', 'cmp-1:300', 'cmp-2:5']);
    expect(fake.leads).toHaveLength(2_305);
  });

  it('keeps bulk outcomes apart: one chunk unknown, the others accepted, refused cards never sent', async () => {
    fake.inject('POST /leads/add', { status: 200, body: { status: 'success', leads_uploaded: 1000 } }, { hang: true });
    const { card, lead } = item('card_nocampaign');
    const { campaignId: _c, ...noCampaign } = card;
    const outcomes = await make({ rateLimits: false, connections: 1 }).enrolMany([...Array.from({ length: 1_500 }, (_, i) => item(`card_${i}`)), { card: noCampaign, lead }]);
    expect(outcomes.map((o) => [o.cardIds.length, o.result.isOk() ? 'ok' : o.result._unsafeUnwrapErr()._tag])).toEqual([
      [1, 'SendRejected'],
      [1000, 'ok'],
      [500, 'SendUnknown'],
    ]);
    expect(fake.count('POST /leads/add')).toBe(2);
  });

  it('reports a bulk call that ran out of plan part-way as unknown (Instantly does not say which leads)', async () => {
    fake.remainingInPlan = 10;
    const [outcome] = await make().enrolMany(Array.from({ length: 25 }, (_, i) => item(`card_${i}`)));
    expect(outcome?.result._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendUnknown', message: expect.stringContaining('after 10 of 25') });
  });

  it('lists every campaign, following the cursor', async () => {
    for (let i = 3; i <= 250; i++) fake.campaigns.set(`cmp-${i}`, `C${i}`);
    expect((await make().listCampaigns())._unsafeUnwrap()).toEqual([...fake.campaigns.keys()]);
    expect(fake.count('GET /campaigns')).toBe(3);
  });
});
