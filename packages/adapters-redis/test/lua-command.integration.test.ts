import { createRedisClient, luaCommand } from '@caio/adapters-redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownRedisWithClients } from './redis-test-support.js';

// A server of its own: the test flushes the script cache, which every client of a shared server would see.
let own: Awaited<ReturnType<typeof ownRedisWithClients>>;
let redis: Redis;
let admin: Redis;

beforeAll(async () => {
  own = await ownRedisWithClients(2);
  [redis, admin] = own.clients as [Redis, Redis];
}, 30_000);

afterAll(async () => own?.stop());

const INCREMENT = "return redis.call('INCRBY', KEYS[1], ARGV[1])";

describe('luaCommand', () => {
  it('runs a script the server does not know exactly once (NOSCRIPT, then EVAL), then by its SHA1', async () => {
    const increment = luaCommand(redis, INCREMENT);
    await admin.script('FLUSH');
    expect(await increment(1, 'counter', 5)).toBe(5);
    expect(await increment(1, 'counter', 2)).toBe(7);
    // Known now: the next call is one EVALSHA.
    const stats = async () => Number(/cmdstat_evalsha:calls=(\d+)/.exec(await admin.info('commandstats'))?.[1] ?? 0);
    const evalshaBefore = await stats();
    expect(await increment(1, 'counter', 1)).toBe(8);
    expect((await stats()) - evalshaBefore).toBe(1);
  });

  it('loads the script again after the server forgot it (a restart or SCRIPT FLUSH), still once', async () => {
    const increment = luaCommand(redis, INCREMENT);
    await redis.del('again');
    expect(await increment(1, 'again', 1)).toBe(1);
    await admin.script('FLUSH');
    expect(await increment(1, 'again', 1)).toBe(2);
    expect(await redis.get('again')).toBe('2');
  });

  it("passes the script's own error through, without running it again", async () => {
    const failing = luaCommand(redis, "redis.call('INCR', KEYS[1]) return redis.error_reply('refused here')");
    await redis.del('tries');
    await expect(failing(1, 'tries')).rejects.toThrow('refused here');
    expect(await redis.get('tries')).toBe('1');
  });

  it("gives the store's client its scripts without copying them onto every pipeline and transaction", () => {
    const client = createRedisClient({ url: own.server.url });
    try {
      expect(typeof client.claimSend).toBe('function');
      expect('claimSend' in client.multi()).toBe(false);
      expect('claimSend' in client.pipeline()).toBe(false);
    } finally {
      client.disconnect();
    }
  });
});
