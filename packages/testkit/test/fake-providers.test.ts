import { FakeGhl, FakeHeyReach, FakeInstantly, type FakeProviderServer } from '@caio/testkit';
import { afterEach, describe, expect, it } from 'vitest';

const started: FakeProviderServer[] = [];
const start = async <F extends FakeProviderServer>(fake: F): Promise<F> => {
  started.push(await fake.start());
  return fake;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.stop()));
});

interface Call {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}
const call = async (fake: FakeProviderServer, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Call> => {
  const response = await fetch(`${fake.baseUrl}${path}`, { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
};

describe('FakeProviderServer', () => {
  it('records each request with its query, headers and parsed body, and filters the log', async () => {
    const fake = await start(new FakeInstantly());
    await call(fake, 'GET', '/campaigns?limit=1', { authorization: `Bearer ${fake.apiKey}` });
    await call(fake, 'POST', '/leads', { authorization: `Bearer ${fake.apiKey}` }, { email: 'a@b.example', campaign: 'cmp-1' });
    expect(fake.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/campaigns', { limit: '1' }],
      ['POST', '/leads', {}],
    ]);
    expect(fake.requestsWhere({ route: 'POST /leads' })[0]?.body).toEqual({ email: 'a@b.example', campaign: 'cmp-1' });
    expect(fake.count('POST /leads')).toBe(1);
    expect(fake.count('POST', '/leads')).toBe(1);
    expect(fake.requests[1]?.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
  });

  it('serves queued faults in order, then answers normally', async () => {
    const fake = await start(new FakeInstantly());
    fake.inject('GET /campaigns', { status: 503, body: { message: 'down' } }, { status: 200, body: { items: [], next_starting_after: null }, delayMs: 50 });
    const auth = { authorization: `Bearer ${fake.apiKey}` };
    expect((await call(fake, 'GET', '/campaigns', auth)).status).toBe(503);
    const t0 = Date.now();
    expect((await call(fake, 'GET', '/campaigns', auth)).body).toEqual({ items: [], next_starting_after: null });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    expect(((await call(fake, 'GET', '/campaigns', auth)).body as { items: unknown[] }).items).toHaveLength(2);
  });

  it('records a request and then resets the connection, without answering', async () => {
    const fake = await start(new FakeHeyReach());
    fake.inject('POST /campaign/GetAll', { resetAfterRead: true });
    await expect(call(fake, 'POST', '/campaign/GetAll', { 'x-api-key': fake.apiKey }, { offset: 0, limit: 10 })).rejects.toThrow();
    expect(fake.requestsWhere({ route: 'POST /campaign/GetAll' })[0]?.body).toEqual({ offset: 0, limit: 10 });
  });

  it('answers every request with the provider\'s 429 or 5xx while a mode is set', async () => {
    const fake = await start(new FakeGhl());
    const auth = { authorization: `Bearer ${fake.token}`, version: '2021-07-28' };
    fake.setMode({ kind: 'rate_limited', retryAfterSeconds: 2 });
    const limited = await call(fake, 'GET', '/contacts/search/duplicate?locationId=loc_test&email=a%40b.example', auth);
    expect([limited.status, limited.headers.get('retry-after'), limited.headers.get('x-ratelimit-remaining'), limited.headers.get('x-ratelimit-interval-milliseconds')]).toEqual([429, '2', '0', '10000']);
    fake.setMode({ kind: 'server_error' });
    expect(await call(fake, 'GET', '/contacts/search/duplicate?locationId=loc_test&email=a%40b.example', auth)).toMatchObject({ status: 500, body: { statusCode: 500, message: 'Internal server error' } });
    fake.setMode(null);
    expect((await call(fake, 'GET', '/contacts/search/duplicate?locationId=loc_test&email=a%40b.example', auth)).status).toBe(200);
  });

  it('enforces its per-window limit with 429s and counts every window', async () => {
    const fake = await start(new FakeHeyReach());
    fake.setRateLimit({ limit: 5, windowMs: 60_000 });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await call(fake, 'GET', '/auth/CheckApiKey', { 'x-api-key': fake.apiKey })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(fake.maxInWindow).toBe(7);
    expect(fake.windowCounts().reduce((a, b) => a + b, 0)).toBe(7);
  });
});

describe('FakeGhl', () => {
  const contacts = (fake: FakeGhl) => ({ authorization: `Bearer ${fake.token}`, version: '2021-07-28' });

  it('requires the Bearer token and the per-endpoint Version', async () => {
    const fake = await start(new FakeGhl());
    expect(await call(fake, 'GET', '/contacts/x', { authorization: 'Bearer nope', version: '2021-07-28' })).toMatchObject({ status: 401, body: { statusCode: 401, message: 'Invalid token: access token is invalid', error: 'Unauthorized' } });
    expect((await call(fake, 'GET', '/contacts/x', { authorization: `Bearer ${fake.token}` })).status).toBe(400);
    expect((await call(fake, 'POST', '/conversations/messages', contacts(fake), { type: 'Email' })).status).toBe(400);
    // A bad token on a conversation endpoint: GHL's 500, not a 401.
    expect(await call(fake, 'GET', '/conversations/messages/m1', { authorization: 'Bearer nope', version: '2021-04-15' })).toMatchObject({ status: 500, body: { statusCode: 500 } });
  });

  it('creates a contact (201), refuses a duplicate with meta.contactId, and answers an unknown id with 400 (or 404)', async () => {
    const fake = await start(new FakeGhl());
    const created = await call(fake, 'POST', '/contacts/', contacts(fake), { locationId: fake.locationId, email: 'ada@acme.example' });
    const id = (created.body as { contact: { id: string } }).contact.id;
    expect(created.status).toBe(201);
    expect(await call(fake, 'POST', '/contacts/', contacts(fake), { locationId: fake.locationId, email: 'ADA@acme.example' })).toMatchObject({ status: 400, body: { message: 'This location does not allow duplicated contacts.', meta: { contactId: id, matchingField: 'email' } } });
    expect(await call(fake, 'GET', '/contacts/ct_none', contacts(fake))).toMatchObject({ status: 400, body: { statusCode: 400, message: 'Contact with id ct_none not found' } });
    const strict = await start(new FakeGhl('t0k3n', 'loc', 404));
    expect((await call(strict, 'GET', '/contacts/ct_none', contacts(strict))).status).toBe(404);
  });

  it('upserts, finds by duplicate search (a + must arrive as %2B), lists and searches', async () => {
    const fake = await start(new FakeGhl());
    const first = await call(fake, 'POST', '/contacts/upsert', contacts(fake), { locationId: fake.locationId, email: 'ada+x@acme.example', firstName: 'Ada' });
    const again = await call(fake, 'POST', '/contacts/upsert', contacts(fake), { locationId: fake.locationId, email: 'ada+x@acme.example' });
    expect([(first.body as { new: boolean }).new, (again.body as { new: boolean }).new]).toEqual([true, false]);
    expect((await call(fake, 'GET', '/contacts/search/duplicate?locationId=loc_test&email=ada%2Bx%40acme.example', contacts(fake))).body).toMatchObject({ contact: { email: 'ada+x@acme.example' } });
    expect((await call(fake, 'GET', '/contacts/search/duplicate?locationId=loc_test&email=ada+x@acme.example', contacts(fake))).body).toEqual({ contact: null });
    expect((await call(fake, 'GET', '/contacts/?locationId=loc_test&query=ada', contacts(fake))).body).toMatchObject({ count: 1, meta: { total: 1 }, contacts: [{ firstName: 'Ada' }] });
    expect((await call(fake, 'POST', '/contacts/search', contacts(fake), { locationId: fake.locationId, pageLimit: 10, filters: [{ field: 'email', operator: 'eq', value: 'ada+x@acme.example' }] })).body).toMatchObject({ total: 1 });
  });

  it('sends an Email only with html (422 with an array message otherwise) and returns it by id', async () => {
    const fake = await start(new FakeGhl());
    const conv = { authorization: `Bearer ${fake.token}`, version: '2021-04-15' };
    const contact = (await call(fake, 'POST', '/contacts/upsert', contacts(fake), { locationId: fake.locationId, email: 'ada@acme.example' })).body as { contact: { id: string } };
    expect(await call(fake, 'POST', '/conversations/messages', conv, { type: 'Email', contactId: contact.contact.id, subject: 's', message: 'plain' })).toMatchObject({ status: 422, body: { statusCode: 422, message: ['html is required for Email'], error: 'Unprocessable Entity' } });
    const sent = (await call(fake, 'POST', '/conversations/messages', conv, { type: 'Email', contactId: contact.contact.id, subject: 's', html: '<p>hi</p>' })).body as { messageId: string; conversationId: string; emailMessageId: string };
    expect(sent).toMatchObject({ messageId: expect.any(String), conversationId: expect.any(String), emailMessageId: expect.any(String) });
    expect((await call(fake, 'GET', `/conversations/messages/${sent.messageId}`, conv)).body).toMatchObject({ id: sent.messageId, type: 'Email', contactId: contact.contact.id });
    expect((await call(fake, 'POST', '/conversations/messages', conv, { type: 'Email', contactId: 'ct_gone', subject: 's', html: '<p>x</p>' })).body).toMatchObject({ message: 'Contact with id ct_gone not found' });
  });
});

describe('FakeInstantly', () => {
  const auth = (fake: FakeInstantly) => ({ authorization: `Bearer ${fake.apiKey}` });
  const leads = (n: number, prefix = 'l') => Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@acme.example` }));

  it('validates bulk requests: campaign_id or list_id, at most 1,000 leads, flat custom variables', async () => {
    const fake = await start(new FakeInstantly());
    expect((await call(fake, 'POST', '/leads/add', auth(fake), { campaign_id: 'cmp-1', list_id: 'list-1', leads: leads(1) })).status).toBe(400);
    expect((await call(fake, 'POST', '/leads/add', auth(fake), { campaign_id: 'cmp-1', leads: leads(1001) })).status).toBe(400);
    expect(await call(fake, 'POST', '/leads', auth(fake), { email: 'a@acme.example', campaign: 'cmp-1', custom_variables: { nested: { no: 1 } } })).toMatchObject({ status: 400, body: { message: expect.stringContaining('custom_variables') } });
    expect((await call(fake, 'POST', '/leads', auth(fake), { email: 'not-an-email', campaign: 'cmp-1' })).status).toBe(400);
    expect((await call(fake, 'POST', '/leads', auth(fake), { email: 'a@acme.example', campaign: 'cmp-none' })).status).toBe(404);
    expect((await call(fake, 'POST', '/leads', { authorization: 'Bearer wrong' }, { email: 'a@acme.example', campaign: 'cmp-1' })).status).toBe(401);
  });

  it('answers bulk adds as documented: created_leads by index, and skipped, blocklisted, duplicate and invalid counts', async () => {
    const fake = await start(new FakeInstantly());
    await call(fake, 'POST', '/leads/add', auth(fake), { campaign_id: 'cmp-1', leads: leads(3) });
    fake.blocklist.add('@blocked.example');
    const answer = await call(fake, 'POST', '/leads/add', auth(fake), { campaign_id: 'cmp-1', leads: [...leads(4), { email: 'bad' }, { email: 'l3@acme.example' }, { email: 'x@blocked.example' }], skip_if_in_campaign: true });
    expect(answer.body).toMatchObject({ status: 'success', total_sent: 7, leads_uploaded: 1, created_leads: [{ index: 3, id: expect.any(String), email: 'l3@acme.example' }], skipped_count: 3, in_blocklist: 1, duplicate_email_count: 1, invalid_email_count: 1 });
    // skip_if_in_campaign: a lead in any campaign of the workspace, not only this one, is skipped.
    const elsewhere = await call(fake, 'POST', '/leads/add', auth(fake), { campaign_id: 'cmp-2', leads: leads(5), skip_if_in_campaign: true });
    expect(elsewhere.body).toMatchObject({ leads_uploaded: 1, skipped_count: 4, created_leads: [{ index: 4 }] });
    const withoutFlags = await call(fake, 'POST', '/leads/add', auth(fake), { campaign_id: 'cmp-2', leads: leads(1, 'z') });
    expect(withoutFlags.body).toMatchObject({ leads_uploaded: 1, remaining_in_plan: 100_000 - 6 });
  });

  it('enforces both of its published windows: 100 per second and 6,000 per minute', async () => {
    const fake = await start(new FakeInstantly());
    fake.setRateLimit(null, [{ limit: 3, windowMs: 60_000 }]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(fake, 'GET', '/campaigns', auth(fake))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(fake.maxInAdditionalWindow.get(60_000)).toBe(4);
    const fresh = await start(new FakeInstantly());
    expect(fresh.maxInAdditionalWindow.size).toBe(0);
    for (let i = 0; i < 2; i++) await call(fresh, 'GET', '/campaigns', auth(fresh));
    expect([fresh.maxInWindow, fresh.maxInAdditionalWindow.get(60_000)]).toEqual([2, 2]);
  });

  it('answers 402 when the plan is used up and 403 for a missing scope', async () => {
    const fake = await start(new FakeInstantly());
    fake.remainingInPlan = 0;
    expect((await call(fake, 'POST', '/leads', auth(fake), { email: 'a@acme.example', campaign: 'cmp-1' })).status).toBe(402);
    fake.scopes = new Set(['leads:create']);
    expect((await call(fake, 'GET', '/campaigns', auth(fake))).status).toBe(403);
  });

  it('pages campaigns with next_starting_after and manages webhooks', async () => {
    const fake = await start(new FakeInstantly('k', ['a', 'b', 'c']));
    const page1 = (await call(fake, 'GET', '/campaigns?limit=2', auth(fake))).body as { items: { id: string }[]; next_starting_after: string };
    const page2 = (await call(fake, 'GET', `/campaigns?limit=2&starting_after=${page1.next_starting_after}`, auth(fake))).body;
    expect([page1.items.map((c) => c.id), page1.next_starting_after, page2]).toEqual([['a', 'b'], 'b', { items: [{ id: 'c', name: 'Campaign c', status: 1 }], next_starting_after: null }]);
    const hook = (await call(fake, 'POST', '/webhooks', auth(fake), { target_hook_url: 'https://x.example/h', event_type: 'email_sent', headers: { 'x-secret': 's' } })).body as { id: string };
    expect((await call(fake, 'DELETE', `/webhooks/${hook.id}`, auth(fake))).status).toBe(200);
    expect((await call(fake, 'DELETE', `/webhooks/${hook.id}`, auth(fake))).status).toBe(404);
  });
});

describe('FakeHeyReach', () => {
  const auth = (fake: FakeHeyReach) => ({ 'x-api-key': fake.apiKey });
  const pair = (profileUrl?: string) => ({ linkedInAccountId: null, lead: profileUrl ? { profileUrl } : { firstName: 'x' } });

  it('checks the key with an empty 200 and rejects a wrong one', async () => {
    const fake = await start(new FakeHeyReach());
    expect(await call(fake, 'GET', '/auth/CheckApiKey', auth(fake))).toMatchObject({ status: 200, body: null });
    expect((await call(fake, 'GET', '/auth/CheckApiKey', { 'x-api-key': 'nope' })).status).toBe(401);
  });

  it('adds leads, counting a profile already present (trailing slash ignored) as updated', async () => {
    const fake = await start(new FakeHeyReach());
    expect((await call(fake, 'POST', '/campaign/AddLeadsToCampaignV2', auth(fake), { campaignId: 4242, accountLeadPairs: [pair('https://www.linkedin.com/in/ada/')] })).body).toEqual({ addedLeadsCount: 1, updatedLeadsCount: 0, failedLeadsCount: 0 });
    expect((await call(fake, 'POST', '/campaign/AddLeadsToCampaignV2', auth(fake), { campaignId: 4242, accountLeadPairs: [pair('https://www.linkedin.com/in/ada'), pair('https://www.linkedin.com/in/bob/')] })).body).toEqual({ addedLeadsCount: 1, updatedLeadsCount: 1, failedLeadsCount: 0 });
  });

  it('refuses more than 100 pairs or a missing ProfileUrl with ASP.NET errors, and an unknown campaign with errorMessage', async () => {
    const fake = await start(new FakeHeyReach());
    const many = Array.from({ length: 101 }, (_, i) => pair(`https://www.linkedin.com/in/p${i}/`));
    expect(await call(fake, 'POST', '/campaign/AddLeadsToCampaignV2', auth(fake), { campaignId: 4242, accountLeadPairs: many })).toMatchObject({ status: 400, body: { errors: expect.any(Object) } });
    expect(await call(fake, 'POST', '/campaign/AddLeadsToCampaignV2', auth(fake), { campaignId: 4242, accountLeadPairs: [pair('https://www.linkedin.com/in/a/'), pair()] })).toMatchObject({ status: 400, body: { errors: { 'AccountLeadPairs[1].Lead.ProfileUrl': ['The ProfileUrl field is required.'] } } });
    expect(await call(fake, 'POST', '/campaign/AddLeadsToCampaignV2', auth(fake), { campaignId: 7, accountLeadPairs: [pair('https://www.linkedin.com/in/a/')] })).toMatchObject({ status: 404, body: { errorMessage: 'Campaign not found' } });
  });

  it('pages campaigns with offset/limit and creates webhooks', async () => {
    const fake = await start(new FakeHeyReach('k', [1, 2, 3]));
    expect((await call(fake, 'POST', '/campaign/GetAll', { 'x-api-key': 'k' }, { offset: 1, limit: 1 })).body).toEqual({ totalCount: 3, items: [{ id: 2, name: 'LinkedIn 2', status: 'IN_PROGRESS', creationTime: expect.any(String) }] });
    expect((await call(fake, 'POST', '/webhooks/CreateWebhook', { 'x-api-key': 'k' }, { webhookName: 'w', webhookUrl: 'https://x.example/h?secret=s', eventType: 'MESSAGE_REPLY_RECEIVED' })).status).toBe(200);
    expect(fake.webhooks).toHaveLength(1);
  });
});
