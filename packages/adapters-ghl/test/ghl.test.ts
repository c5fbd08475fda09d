import { ghlClient, GhlContactResolver, GhlEmailChannel, GhlMessageVerifier, type GhlOptions } from '@caio/adapters-ghl';
import type { AttemptId, SendRequest } from '@caio/core';
import { aCard, aLead, FakeGhl } from '@caio/testkit';
import { describeOutboundChannelFaults } from '@caio/testkit/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const FAST = { baseBackoffMs: 10, timeouts: { headersTimeoutMs: 300, bodyTimeoutMs: 300, connectTimeoutMs: 300 } } as const;

const request = (id = 'card_1', lead = aLead(`lead_${id}`)): SendRequest => ({ card: aCard(id, lead), lead, attemptId: 'attempt_1' as AttemptId, idempotencyKey: `${id}:0` });

const ghlChannel = (options: Pick<GhlOptions, 'apiToken' | 'locationId' | 'baseUrl'> & Partial<GhlOptions>) => {
  const client = ghlClient({ ...FAST, ...options });
  return { client, channel: new GhlEmailChannel(client, new GhlContactResolver(client, options.locationId)) };
};

describeOutboundChannelFaults('GHL e-mail', async () => {
  const fake = await new FakeGhl().start();
  return {
    fake,
    credential: fake.token,
    channel: ({ baseUrl, credential, rateLimits }) => ghlChannel({ apiToken: credential, locationId: fake.locationId, baseUrl, ...(rateLimits ? { rateLimits } : {}) }).channel,
    sendRoute: 'POST /conversations/messages',
    requestsPerSend: 3,
    request,
  };
});

describe('GHL e-mail channel', () => {
  let fake: FakeGhl;
  beforeEach(async () => {
    fake = await new FakeGhl().start();
  });
  afterEach(async () => fake.stop());
  const channel = (overrides: Partial<GhlOptions> = {}) => ghlChannel({ apiToken: fake.token, locationId: fake.locationId, baseUrl: fake.baseUrl, ...overrides });

  it('finds or upserts the contact, sends with the per-endpoint Version headers, and returns the receipt', async () => {
    const receipt = (await channel().channel.send(request()))._unsafeUnwrap();
    const contactId = [...fake.contacts.keys()][0];
    const message = [...fake.messages.values()][0];
    expect(receipt).toEqual({ contactId, conversationId: message?.conversationId, messageId: message?.id, emailMessageId: message?.emailMessageId });
    expect(fake.requests.map((r) => [r.method, r.path, r.headers.version, r.headers.authorization])).toEqual([
      ['GET', '/contacts/search/duplicate', '2021-07-28', `Bearer ${fake.token}`],
      ['POST', '/contacts/upsert', '2021-07-28', `Bearer ${fake.token}`],
      ['POST', '/conversations/messages', '2021-04-15', `Bearer ${fake.token}`],
    ]);
    expect(fake.requests[2]?.body).toEqual({ type: 'Email', contactId, subject: 'Quick idea for Acme', html: expect.stringMatching(/^<p>.*<\/p>$/s), message: request().card.body });
  });

  it('reuses the contact the duplicate search finds', async () => {
    const { channel: ghl } = channel();
    (await ghl.send(request('card_1')))._unsafeUnwrap();
    fake.requests.length = 0;
    (await ghl.send(request('card_1')))._unsafeUnwrap();
    expect(fake.requests.map((r) => r.path)).toEqual(['/contacts/search/duplicate', '/conversations/messages']);
    expect(fake.contacts.size).toBe(1);
  });

  it('encodes a plus address as %2B, so the duplicate search matches it', async () => {
    const lead = aLead('plus', { email: 'ada+outbound@acme.example' });
    const { channel: ghl } = channel();
    (await ghl.send(request('card_1', lead)))._unsafeUnwrap();
    (await ghl.send(request('card_2', lead)))._unsafeUnwrap();
    expect(fake.contacts.size).toBe(1);
    expect(fake.requestsWhere({ route: 'GET /contacts/search/duplicate' }).map((r) => r.query.email)).toEqual(['ada+outbound@acme.example', 'ada+outbound@acme.example']);
  });

  it('takes the contact named by a duplicate-contact 400 (meta.contactId)', async () => {
    fake.contacts.set('ct_existing', { id: 'ct_existing', email: 'other@acme.example', locationId: fake.locationId });
    fake.inject('POST /contacts/upsert', { status: 400, body: { statusCode: 400, message: 'This location does not allow duplicated contacts.', meta: { contactId: 'ct_existing', contactName: 'Ada', matchingField: 'email' } } });
    expect((await channel().channel.send(request()))._unsafeUnwrap()).toMatchObject({ contactId: 'ct_existing' });
    expect(fake.count('POST /contacts/upsert')).toBe(1);
  });

  it('re-resolves and posts once more when GHL lost the contact ("Contact with id X not found": nothing was sent)', async () => {
    // A stale search hit: GHL's index names a contact that no longer exists.
    fake.inject('GET /contacts/search/duplicate', { status: 200, body: { contact: { id: 'ct_stale' } } });
    const receipt = (await channel().channel.send(request()))._unsafeUnwrap();
    expect(receipt.contactId).not.toBe('ct_stale');
    expect(fake.requestsWhere({ route: 'POST /conversations/messages' }).map((r) => (r.body as { contactId: string }).contactId)).toEqual(['ct_stale', receipt.contactId]);
    expect(fake.messages.size).toBe(1);
  });

  it('rejects without a second post when re-resolving gives the same lost contact', async () => {
    const stale = { status: 200, body: { contact: { id: 'ct_stale' } } };
    fake.inject('GET /contacts/search/duplicate', stale, stale);
    expect((await channel().channel.send(request()))._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendRejected', status: 400, message: expect.stringContaining('ct_stale not found') });
    expect(fake.count('POST /conversations/messages')).toBe(1);
    expect(fake.messages.size).toBe(0);
  });

  it('rejects an Email without html with GHL\'s 422 array message', async () => {
    fake.inject('POST /conversations/messages', { status: 422, body: { statusCode: 422, message: ['html is required for Email', 'subject must be a string'], error: 'Unprocessable Entity' } });
    expect((await channel().channel.send(request()))._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendRejected', status: 422, message: expect.stringContaining('html is required for Email; subject must be a string') });
  });

  it('rejects a card without a subject before any request', async () => {
    const r = request();
    const { subject: _s, ...card } = r.card;
    expect((await channel().channel.send({ ...r, card }))._unsafeUnwrapErr()._tag).toBe('SendRejected');
    expect(fake.requests).toHaveLength(0);
  });

  it('retries idempotent contact calls on 5xx and resets, a bounded number of times', async () => {
    fake.inject('POST /contacts/upsert', { status: 502 }, { resetAfterRead: true });
    expect((await channel().channel.send(request())).isOk()).toBe(true);
    expect(fake.count('POST /contacts/upsert')).toBe(3);
    fake.setMode({ kind: 'server_error' });
    expect((await channel().channel.send(request('card_2')))._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendRetryable', status: 500 });
    expect(fake.count('GET /contacts/search/duplicate')).toBe(1 + 3);
    expect(fake.count('POST /conversations/messages')).toBe(1);
  });

  it('waits out GHL\'s 429 rate headers before retrying', async () => {
    fake.inject('POST /conversations/messages', { status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-interval-milliseconds': '150' } });
    const started = Date.now();
    expect((await channel().channel.send(request())).isOk()).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(fake.count('POST /conversations/messages')).toBe(2);
  });

  it('verifies that a sent message exists and that an unknown one does not', async () => {
    const { client, channel: ghl } = channel();
    const receipt = (await ghl.send(request()))._unsafeUnwrap();
    const verifier = new GhlMessageVerifier(client);
    expect((await verifier.exists(String(receipt.messageId)))._unsafeUnwrap()).toBe(true);
    expect((await verifier.exists('msg_nope'))._unsafeUnwrap()).toBe(false);
    // The documented answer holds the message at the top level; a wrapped {message} is read too.
    expect(fake.requests.at(-2)?.path).toBe(`/conversations/messages/${String(receipt.messageId)}`);
    fake.wrapMessageLookup = true;
    expect((await verifier.exists(String(receipt.messageId)))._unsafeUnwrap()).toBe(true);
    const noMessage = { status: 200, body: { traceId: 'no message here' } };
    fake.inject(`GET /conversations/messages/${String(receipt.messageId)}`, noMessage, noMessage, noMessage);
    expect((await verifier.exists(String(receipt.messageId))).isErr()).toBe(true);
    expect(fake.requestsWhere({ method: 'GET', path: `/conversations/messages/${String(receipt.messageId)}` })[0]?.headers.version).toBe('2021-04-15');
  });
});
