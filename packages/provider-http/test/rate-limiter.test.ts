import { classifyNetworkError, classifyStatus, RateLimiter, redactSecrets, Semaphore } from '@caio/provider-http';
import { describe, expect, it } from 'vitest';

describe('error classification', () => {
  it('maps statuses by what they mean for delivery', () => {
    expect([400, 401, 402, 403, 404, 422].map((s) => classifyStatus(s, false))).toEqual(Array(6).fill('SendRejected'));
    expect(classifyStatus(429, false)).toBe('SendRetryable');
    expect([500, 502, 503, 504, 408].map((s) => classifyStatus(s, false))).toEqual(Array(5).fill('SendUnknown'));
    expect(classifyStatus(503, true)).toBe('SendRetryable');
  });
  it('maps transport errors: never connected is retryable, anything after is unknown', () => {
    expect(classifyNetworkError({ code: 'ECONNREFUSED' }, false)).toBe('SendRetryable');
    expect(classifyNetworkError({ code: 'UND_ERR_CONNECT_TIMEOUT' }, false)).toBe('SendRetryable');
    expect(classifyNetworkError({ code: 'UND_ERR_HEADERS_TIMEOUT' }, false)).toBe('SendUnknown');
    expect(classifyNetworkError({ code: 'ECONNRESET' }, false)).toBe('SendUnknown');
    expect(classifyNetworkError({ code: 'UND_ERR_SOCKET' }, true)).toBe('SendRetryable');
  });
  it('removes secrets from messages', () => {
    expect(redactSecrets('token abcd1234 rejected (abcd1234)', ['abcd1234'])).toBe('token [redacted] rejected ([redacted])');
  });
});

describe('RateLimiter', () => {
  it('never starts more than the limit in any window (with its safety margin), in order', async () => {
    let now = 0;
    const limiter = new RateLimiter([{ limit: 3, windowMs: 1000 }], () => now);
    const started: number[] = [];
    for (let i = 0; i < 3; i++) {
      await limiter.acquire();
      started.push(now);
    }
    const fourth = limiter.acquire().then(() => started.push(now));
    now = 1000;
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toHaveLength(3);
    now = 1101;
    await fourth;
    expect(started).toEqual([0, 0, 0, 1101]);
  });
  it('lets everything through when no window is configured', async () => {
    const limiter = new RateLimiter([]);
    await Promise.all(Array.from({ length: 100 }, () => limiter.acquire()));
  });
});

describe('Semaphore', () => {
  it('admits at most its permits and hands a released permit to the next waiter', async () => {
    const semaphore = new Semaphore(2);
    const a = await semaphore.acquire();
    await semaphore.acquire();
    let third = false;
    const waiting = semaphore.acquire().then(() => (third = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(third).toBe(false);
    a();
    await waiting;
    expect(third).toBe(true);
  });
});
