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

  it('lets Instantly refuse a second enrolment of the same lead: in the same campaign it is the same lead, in another one it was not enrolled', async () => {
    const channel = make();
    const first = (await channel.send(request('card_1', 'cmp-1')))._unsafeUnwrap();
    const lead = request('card_1').lead;
    expect((await channel.send(request('card_2', 'cmp-1', lead)))._unsafeUnwrap().leadId).toBe(first.leadId);
    // skip_if_in_campaign means in any campaign of the workspace: the lead stays where it is.
    expect((await channel.send(request('card_3', 'cmp-2', lead)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendRejected', message: expect.stringContaining('already in campaign cmp-1') });
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

  it('enrols in bulk per campaign, at most 1,000 per call, one outcome per card with its lead id', async () => {
    const items = [...Array.from({ length: 2_300 }, (_, i) => item(`card_${i}`)), ...Array.from({ length: 5 }, (_, i) => item(`card_b${i}`, 'cmp-2'))];
    const outcomes = await make({ rateLimits: false }).enrolMany(items);
    expect(outcomes.map((o) => o.cardIds)).toEqual(items.map((i) => [i.card.id]));
    const ids = new Map(fake.leads.map((l) => [l.custom_variables.caio_card_id, l.id]));
    for (const o of outcomes) expect(o.result._unsafeUnwrap()).toEqual({ campaignId: o.cardIds[0]!.startsWith('card_b') ? 'cmp-2' : 'cmp-1', leadId: ids.get(o.cardIds[0]) });
    // The calls run concurrently, so they may arrive in any order.
    const calls = fake.requestsWhere({ route: 'POST /leads/add' }).map((r) => `${(r.body as { campaign_id: string }).campaign_id}:${(r.body as { leads: unknown[] }).leads.length}`);
    expect(calls.sort()).toEqual(['cmp-1:1000', 'cmp-1:1000', 'cmp-1:300', 'cmp-2:5']);
    expect(fake.leads).toHaveLength(2_305);
  });

  it('marks skipped, blocklisted, duplicate and invalid leads of a bulk call not enrolled (rejected), the created ones enrolled', async () => {
    const channel = make();
    (await channel.send(request('card_old', 'cmp-2', aLead('lead_card_1'))))._unsafeUnwrap();
    fake.blocklist.add('lead_card_2@acme.example');
    const outcomes = await channel.enrolMany([item('card_0'), item('card_1'), item('card_2'), { ...item('card_3'), lead: aLead('bad', { email: 'x@acme.example' }) }, { ...item('card_4'), lead: aLead('bad2', { email: 'x@acme.example' }) }]);
    expect(outcomes.map((o) => [o.cardIds[0], o.result.isOk() ? 'enrolled' : o.result._unsafeUnwrapErr()._tag])).toEqual([
      ['card_0', 'enrolled'],
      ['card_1', 'SendRejected'], // already in another campaign of the workspace
      ['card_2', 'SendRejected'], // blocklisted
      ['card_3', 'enrolled'],
      ['card_4', 'SendRejected'], // the same address twice in one call
    ]);
    expect(outcomes[1]!.result._unsafeUnwrapErr().message).toContain('1 skipped, 1 in blocklist');
  });

  it('keeps bulk outcomes apart: one chunk unknown, the others accepted, refused cards never sent', async () => {
    fake.inject('POST /leads/add', { status: 200, body: { status: 'success', leads_uploaded: 1000 } }, { hang: true });
    const { card, lead } = item('card_nocampaign');
    const { campaignId: _c, ...noCampaign } = card;
    const outcomes = await make({ rateLimits: false, connections: 1 }).enrolMany([...Array.from({ length: 1_500 }, (_, i) => item(`card_${i}`)), { card: noCampaign, lead }]);
    expect(outcomes.map((o) => [o.cardIds.length, o.result.isOk() ? 'ok' : o.result._unsafeUnwrapErr()._tag])).toEqual([
      [1, 'SendRejected'],
      ...Array.from({ length: 1000 }, () => [1, 'ok']),
      [500, 'SendUnknown'],
    ]);
    expect(fake.count('POST /leads/add')).toBe(2);
  });

  it('knows which leads a bulk call that ran out of plan part-way took; without created_leads, the call is unknown', async () => {
    fake.remainingInPlan = 10;
    const outcomes = await make().enrolMany(Array.from({ length: 25 }, (_, i) => item(`card_${i}`)));
    expect(outcomes.map((o) => o.result.isOk())).toEqual([...Array.from({ length: 10 }, () => true), ...Array.from({ length: 15 }, () => false)]);
    fake.inject('POST /leads/add', { status: 200, body: { status: 'lead_limit_reached', leads_uploaded: 3 } });
    const [unknown] = await make().enrolMany(Array.from({ length: 5 }, (_, i) => item(`card_u${i}`)));
    expect(unknown?.result._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendUnknown', message: expect.stringContaining('after 3 of 5') });
  });

  it('lists every campaign, following the cursor', async () => {
    for (let i = 3; i <= 250; i++) fake.campaigns.set(`cmp-${i}`, `C${i}`);
    expect((await make().listCampaigns())._unsafeUnwrap()).toEqual([...fake.campaigns.keys()]);
    expect(fake.count('GET /campaigns')).toBe(3);
  });
});
