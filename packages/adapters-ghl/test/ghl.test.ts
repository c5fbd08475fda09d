import { ghlClient, GhlContactResolver, GhlEmailChannel, GhlMessageVerifier } from '@caio/adapters-ghl';
import type { AttemptId, SendRequest } from '@caio/core';
import { aCard, aLead, FakeGhl } from '@caio/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let fake: FakeGhl;
beforeEach(async () => {
  fake = await new FakeGhl().start();
});
afterEach(async () => fake.stop());

const channel = (overrides: Partial<Parameters<typeof ghlClient>[0]> = {}) => {
  const client = ghlClient({ apiToken: fake.token, locationId: fake.locationId, baseUrl: fake.baseUrl, baseBackoffMs: 20, timeouts: { headersTimeoutMs: 400, bodyTimeoutMs: 400, connectTimeoutMs: 400 }, ...overrides });
  return { client, channel: new GhlEmailChannel(client, new GhlContactResolver(client, fake.locationId)) };
};
const request = (id = 'card_1'): SendRequest => {
  const lead = aLead(`lead_${id}`);
  return { card: aCard(id, lead), lead, attemptId: 'attempt_1' as AttemptId, idempotencyKey: `${id}:0` };
};
const messagePosts = () => fake.count('POST', '/conversations/messages');

describe('GHL e-mail channel', () => {
  it('upserts the contact, sends once with the right Version headers, and returns the receipt', async () => {
    const receipt = (await channel().channel.send(request()))._unsafeUnwrap();
    expect(receipt).toMatchObject({ contactId: expect.stringMatching(/^ct_/), conversationId: expect.stringMatching(/^conv_/), messageId: expect.stringMatching(/^msg_/), emailMessageId: expect.stringMatching(/^eml_/) });
    expect(fake.requests.map((r) => [r.method, r.path, r.headers.version])).toEqual([
      ['GET', '/contacts/search/duplicate', '2021-07-28'],
      ['POST', '/contacts/upsert', '2021-07-28'],
      ['POST', '/conversations/messages', '2021-04-15'],
    ]);
    expect(fake.requests[2]?.body).toMatchObject({ type: 'Email', subject: 'Quick idea for Acme', html: expect.stringContaining('<p>') });
    expect(fake.messages.size).toBe(1);
  });

  it('reuses a contact found by the duplicate search', async () => {
    const { channel: ghl } = channel();
    await ghl.send(request('card_1'));
    fake.requests.length = 0;
    const second = request('card_1');
    (await ghl.send(second))._unsafeUnwrap();
    expect(fake.requests.map((r) => r.path)).toEqual(['/contacts/search/duplicate', '/conversations/messages']);
  });

  it('maps a bad token to rejected, without the token in the error', async () => {
    const error = (await channel({ apiToken: 'wrong-token-123456' }).channel.send(request()))._unsafeUnwrapErr();
    expect(error).toMatchObject({ _tag: 'SendRejected', status: 401 });
    expect(error.message).not.toContain('wrong-token-123456');
    expect(error.message).toContain('Invalid token');
  });

  it('maps 422 (the array message) to rejected', async () => {
    fake.inject('POST /conversations/messages', { status: 422, body: { statusCode: 422, message: ['html is required for Email'], error: 'Unprocessable Entity' } });
    expect((await channel().channel.send(request()))._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendRejected', status: 422, message: expect.stringContaining('html is required') });
  });

  it('retries a 429 (provably not processed) and succeeds', async () => {
    fake.inject('POST /conversations/messages', { status: 429, headers: { 'x-ratelimit-interval-milliseconds': '30' } });
    expect((await channel().channel.send(request())).isOk()).toBe(true);
    expect(messagePosts()).toBe(2);
    expect(fake.messages.size).toBe(1);
  });

  it('gives up on 429 after the bound, as retryable', async () => {
    fake.inject('POST /conversations/messages', { status: 429 }, { status: 429 }, { status: 429 });
    expect((await channel().channel.send(request()))._unsafeUnwrapErr()).toMatchObject({ _tag: 'SendRetryable', status: 429 });
    expect(messagePosts()).toBe(3);
  });

  it.each([
    ['a 500', { status: 500, body: { statusCode: 500, message: 'Internal server error' } }],
    ['a timeout after the request left', { hang: true }],
    ['a reset after the request was read', { resetAfterRead: true }],
  ])('ends unknown on %s, never retried: exactly one request', async (_name, fault) => {
    fake.inject('POST /conversations/messages', fault);
    expect((await channel().channel.send(request()))._unsafeUnwrapErr()._tag).toBe('SendUnknown');
    expect(messagePosts()).toBe(1);
  });

  it('retries idempotent contact calls on 5xx', async () => {
    fake.inject('POST /contacts/upsert', { status: 502 });
    expect((await channel().channel.send(request())).isOk()).toBe(true);
    expect(fake.count('POST', '/contacts/upsert')).toBe(2);
  });

  it('treats a refused connection as retryable (nothing was sent)', async () => {
    const port = Number(new URL(fake.baseUrl).port);
    await fake.stop();
    const error = (await ghlClient({ apiToken: 't', locationId: 'l', baseUrl: `http://127.0.0.1:${port}`, baseBackoffMs: 5, maxAttempts: 2 }).request({ method: 'GET', path: '/x', idempotent: false, schema: (await import('zod')).z.unknown() }))._unsafeUnwrapErr();
    expect(error._tag).toBe('SendRetryable');
    fake = await new FakeGhl().start();
  });

  it('keeps a burst of 1,000 sends under the provider limit', async () => {
    fake.setRateLimit({ limit: 100, windowMs: 100 });
    const { channel: ghl } = channel({ rateLimits: [{ limit: 100, windowMs: 100 }] });
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => ghl.send(request(`card_${i}`))));
    expect(results.every((r) => r.isOk())).toBe(true);
    expect(fake.maxInWindow).toBeLessThanOrEqual(100);
    expect(fake.requests.filter((r) => r.path === '/conversations/messages')).toHaveLength(1000);
  }, 30_000);

  it('verifies that a sent message exists, and that an unknown one does not', async () => {
    const { client, channel: ghl } = channel();
    const receipt = (await ghl.send(request()))._unsafeUnwrap();
    const verifier = new GhlMessageVerifier(client);
    expect((await verifier.exists(String(receipt.messageId)))._unsafeUnwrap()).toBe(true);
    expect((await verifier.exists('msg_nope'))._unsafeUnwrap()).toBe(false);
  });
});
