import { createRedisClient, RedisRateGate } from '@caio/adapters-redis';
import { OwnRedis } from '@caio/testkit';
import { rateGateContract } from '@caio/testkit/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateGateHarness, REDIS_URL, removePrefix, testPrefix } from './redis-test-support.js';

rateGateContract('redis', () => rateGateHarness({ url: REDIS_URL }, removePrefix));

describe('RedisRateGate', () => {
  let server: OwnRedis;
  beforeAll(async () => {
    server = await OwnRedis.start();
  }, 30_000);
  afterAll(async () => server.stop());

  it('answers an error (never "go ahead") while Redis is down, and works again after it returns', async () => {
    const client = createRedisClient({ url: server.url, commandTimeoutMs: 500, connectTimeoutMs: 500 });
    await client.connect();
    const gate = new RedisRateGate(client, testPrefix(), 'instantly:down', [{ limit: 10, windowMs: 1_000 }]);
    expect((await gate.tryAcquire())._unsafeUnwrap()).toBe(0);
    await server.kill();
    const during = await gate.tryAcquire();
    expect(during._unsafeUnwrapErr()._tag).toMatch(/StoreUnavailable|StoreTimeout/);
    await server.up();
    const deadline = Date.now() + 10_000;
    let after = await gate.tryAcquire();
    while (after.isErr() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      after = await gate.tryAcquire();
    }
    expect(after._unsafeUnwrap()).toBe(0);
    client.disconnect();
  }, 30_000);

  it('keeps only the longest window of starts and lets the key expire when idle', async () => {
    const prefix = testPrefix();
    const client = createRedisClient({ url: REDIS_URL });
    await client.connect();
    const gate = new RedisRateGate(client, prefix, 'heyreach:ttl', [{ limit: 100, windowMs: 200 }]);
    for (let i = 0; i < 5; i++) expect((await gate.tryAcquire())._unsafeUnwrap()).toBe(0);
    await new Promise((r) => setTimeout(r, 260));
    expect((await gate.tryAcquire())._unsafeUnwrap()).toBe(0);
    const key = `{${prefix}:rate:heyreach:ttl}`;
    // The five starts older than the window (200 ms + 20 ms margin) were dropped.
    expect(await client.zcard(key)).toBe(1);
    const ttl = await client.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_220);
    client.disconnect();
    await removePrefix(prefix);
  });
});
