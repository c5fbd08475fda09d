import type { OutboundChannel, SendError, SendRequest } from '@caio/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeProviderServer } from '../fakes/fake-provider-server.js';
import { freePort } from '../redis/own-redis.js';

/** How the contract builds the channel under test. @category testing */
export interface ChannelUnderTest {
  readonly baseUrl: string;
  readonly credential: string;
  /** Client-side limits; omitted = the adapter's published defaults. */
  readonly rateLimits?: readonly { readonly limit: number; readonly windowMs: number }[];
}

/**
 * What an adapter hands the fault contract. The channel factory must use short timeouts
 * (a few hundred ms), a short backoff and 3 attempts, so the suite stays fast.
 *
 * @category testing
 */
export interface ChannelFaultHarness {
  /** A started fake provider; the contract stops it. */
  readonly fake: FakeProviderServer;
  /** The credential the fake accepts. */
  readonly credential: string;
  readonly channel: (options: ChannelUnderTest) => OutboundChannel;
  /** The route that delivers (`POST /leads`): the one that must never be repeated. */
  readonly sendRoute: string;
  /** Requests one send makes to the fake when nothing fails (GHL: search, upsert, message). */
  readonly requestsPerSend: number;
  readonly request: (id: string) => SendRequest;
}

const expectNoSecret = (error: SendError, secret: string): void => {
  expect(error.message).not.toContain(secret);
  expect(JSON.stringify(error)).not.toContain(secret);
};

/**
 * The delivery contract every provider channel meets against its fake: a send reaches the
 * provider once; a definitive refusal is `SendRejected` and not repeated; a 429 is retried
 * and, when it persists, `SendRetryable`; a refused connection is `SendRetryable`; a
 * timeout after the request left, a reset after it was read, a 5xx or a 2xx of the wrong
 * shape are `SendUnknown` after exactly one request; the client-side limiter keeps a burst
 * of 1,000 sends under the provider's per-window limit; no error ever carries the credential.
 *
 * @category testing
 */
export const describeOutboundChannelFaults = (name: string, setup: () => Promise<ChannelFaultHarness>): void => {
  describe(`OutboundChannel fault contract (${name})`, () => {
    let h: ChannelFaultHarness;
    const make = (options: Partial<ChannelUnderTest> = {}) => h.channel({ baseUrl: h.fake.baseUrl, credential: h.credential, ...options });
    const sends = () => h.fake.count(h.sendRoute);
    const failure = async (id = 'card_f', options: Partial<ChannelUnderTest> = {}): Promise<SendError> => {
      const result = await make(options).send(h.request(id));
      expect(result.isErr(), 'the send should have failed').toBe(true);
      const error = result._unsafeUnwrapErr();
      expectNoSecret(error, options.credential ?? h.credential);
      return error;
    };

    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => h.fake.stop());

    it('delivers with exactly one request to the send route', async () => {
      expect((await make().send(h.request('card_ok'))).isOk()).toBe(true);
      expect(sends()).toBe(1);
      expect(h.fake.requests).toHaveLength(h.requestsPerSend);
    });

    it('maps a wrong credential to SendRejected (401) without the credential in the error', async () => {
      const wrong = 'wrong-credential-7f3a9c';
      expect(await failure('card_401', { credential: wrong })).toMatchObject({ _tag: 'SendRejected', status: 401 });
    });

    it.each([400, 402, 403, 404, 422])('maps %i on the send route to SendRejected, not repeated', async (status) => {
      h.fake.inject(h.sendRoute, { status, body: { message: `refused with ${status}` } });
      expect(await failure()).toMatchObject({ _tag: 'SendRejected', status });
      expect(sends()).toBe(1);
    });

    it('retries a 429 (provably not processed) and then delivers once', async () => {
      h.fake.inject(h.sendRoute, { status: 429, headers: { 'retry-after': '0' } });
      expect((await make().send(h.request('card_429'))).isOk()).toBe(true);
      expect(sends()).toBe(2);
    });

    it('ends SendRetryable when 429 persists past the retry bound', async () => {
      h.fake.inject(h.sendRoute, ...Array.from({ length: 3 }, () => ({ status: 429, headers: { 'retry-after': '0' } })));
      expect(await failure()).toMatchObject({ _tag: 'SendRetryable', status: 429 });
      expect(sends()).toBe(3);
    });

    it('ends SendRetryable when the connection is refused (nothing was written)', async () => {
      const closed = `http://127.0.0.1:${await freePort()}${new URL(h.fake.baseUrl).pathname}`;
      expect((await failure('card_refused', { baseUrl: closed }))._tag).toBe('SendRetryable');
      expect(h.fake.requests).toHaveLength(0);
    });

    it.each([
      ['a timeout after the request left', { hang: true }],
      ['a reset after the request was read', { resetAfterRead: true }],
      ['a 500', { status: 500, body: { message: 'Internal server error' } }],
      ['a 502', { status: 502 }],
      ['a 503', { status: 503 }],
      ['a 2xx of the wrong shape', { status: 200, body: { unexpected: true } }],
    ])('ends SendUnknown on %s, never repeated: exactly one request', async (_case, fault) => {
      h.fake.inject(h.sendRoute, fault);
      expect((await failure())._tag).toBe('SendUnknown');
      expect(sends()).toBe(1);
    });

    it('keeps a burst of 1,000 sends under the provider per-window limit', async () => {
      // 200 sends per 1 s window: the limiter's margin (10% of the window) absorbs the
      // jitter between when the client starts a request and when the fake counts it.
      const limit = 200 * h.requestsPerSend;
      h.fake.setRateLimit({ limit, windowMs: 1_000 });
      const channel = make({ rateLimits: [{ limit, windowMs: 1_000 }] });
      const results = await Promise.all(Array.from({ length: 1_000 }, (_, i) => channel.send(h.request(`card_burst_${i}`))));
      expect(results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().message)).toEqual([]);
      expect(sends()).toBe(1_000);
      expect(h.fake.maxInWindow).toBeLessThanOrEqual(limit);
      // The limiter, not luck, kept it under: the requests had to spread over 5 windows.
      expect(h.fake.windowCounts().length).toBeGreaterThanOrEqual(5);
    }, 20_000);
  });
};
