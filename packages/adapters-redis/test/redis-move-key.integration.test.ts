import { createRedisClient, type RedisClient } from '@caio/adapters-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, removePrefix, testPrefix } from './redis-test-support.js';

// The erasure scrub's rename (`move-key.lua`): a key gone is left, and a new name that
// exists is united with, never replaced.
const prefix = testPrefix();
const key = (name: string) => `{${prefix}:audit}:${name}`;
let redis: RedisClient;

beforeAll(async () => {
  redis = createRedisClient({ url: REDIS_URL });
  await redis.connect();
});
afterAll(async () => {
  redis.disconnect();
  await removePrefix(prefix);
});

describe('move-key', () => {
  it('renames a key when the new name is free, keeping its time to live', async () => {
    await redis.set(key('s1'), 'v', 'EX', 100);
    expect(await redis.moveKey(2, key('s1'), key('s1-new'))).toBe(1);
    expect([await redis.exists(key('s1')), await redis.get(key('s1-new'))]).toEqual([0, 'v']);
    expect(await redis.ttl(key('s1-new'))).toBeGreaterThan(90);
  });

  it('leaves a key that is already gone (another run moved it) and answers 0', async () => {
    await redis.rpush(key('l0-new'), '1');
    expect(await redis.moveKey(2, key('l0'), key('l0-new'))).toBe(0);
    expect(await redis.lrange(key('l0-new'), 0, -1)).toEqual(['1']);
  });

  it('unites with what the new name holds, by type', async () => {
    await redis.rpush(key('list-new'), '1', '2');
    await redis.rpush(key('list'), '3');
    await redis.sadd(key('set-new'), 'a');
    await redis.sadd(key('set'), 'a', 'b');
    await redis.zadd(key('z-new'), 5, 'a', 1, 'b');
    await redis.zadd(key('z'), 2, 'a', 3, 'c');
    await redis.hset(key('h-new'), 'f1', 'old', 'f2', 'kept');
    await redis.hset(key('h'), 'f1', 'moved');
    await redis.set(key('str-new'), 'older');
    await redis.set(key('str'), 'newer');
    for (const name of ['list', 'set', 'z', 'h', 'str']) expect(await redis.moveKey(2, key(name), key(`${name}-new`))).toBe(1);
    expect(await redis.lrange(key('list-new'), 0, -1)).toEqual(['1', '2', '3']);
    expect((await redis.smembers(key('set-new'))).sort()).toEqual(['a', 'b']);
    expect(await redis.zrange(key('z-new'), 0, -1, 'WITHSCORES')).toEqual(['b', '1', 'c', '3', 'a', '5']);
    expect(await redis.hgetall(key('h-new'))).toEqual({ f1: 'moved', f2: 'kept' });
    expect(await redis.get(key('str-new'))).toBe('newer');
    expect(await redis.exists(key('list'), key('set'), key('z'), key('h'), key('str'))).toBe(0);
  });

  it('moves a long list whole (in chunks under Lua\'s stack limit)', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => String(i));
    await redis.rpush(key('long-new'), 'first');
    await redis.rpush(key('long'), ...items);
    expect(await redis.moveKey(2, key('long'), key('long-new'))).toBe(1);
    expect(await redis.lrange(key('long-new'), 0, -1)).toEqual(['first', ...items]);
  });

  it('refuses to unite keys of different types, and changes nothing', async () => {
    await redis.rpush(key('mixed'), '1');
    await redis.sadd(key('mixed-new'), 'a');
    await expect(redis.moveKey(2, key('mixed'), key('mixed-new'))).rejects.toThrow(/another type/);
    expect([await redis.lrange(key('mixed'), 0, -1), await redis.smembers(key('mixed-new'))]).toEqual([['1'], ['a']]);
  });
});
