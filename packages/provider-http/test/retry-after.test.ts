import { retryAfterMs } from '@caio/provider-http';
import { describe, expect, it } from 'vitest';

describe('retryAfterMs', () => {
  it('takes Retry-After (seconds) first', () => {
    expect(retryAfterMs({ 'retry-after': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-interval-milliseconds': '10000' })).toBe(2000);
  });

  it("reads GHL's X-RateLimit-Interval-Milliseconds as the window length: the wait only when X-RateLimit-Remaining is 0", () => {
    expect(retryAfterMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-interval-milliseconds': '10000', 'x-ratelimit-max': '100' })).toBe(10_000);
    // Requests left in the window: the interval is no reason to wait a whole window.
    expect(retryAfterMs({ 'x-ratelimit-remaining': '37', 'x-ratelimit-interval-milliseconds': '10000' })).toBeUndefined();
    expect(retryAfterMs({ 'x-ratelimit-interval-milliseconds': '10000' })).toBeUndefined();
    expect(retryAfterMs({ 'x-ratelimit-remaining': '0' })).toBeUndefined();
    expect(retryAfterMs({ 'x-ratelimit-remaining': '', 'x-ratelimit-interval-milliseconds': '10000' })).toBeUndefined();
    expect(retryAfterMs({})).toBeUndefined();
  });
});
