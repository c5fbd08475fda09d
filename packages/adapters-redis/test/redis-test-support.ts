import { openRedisStateStore, type RedisStateStoreOptions } from '@caio/adapters-redis';
import type { Clock } from '@caio/core';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A prefix per test store, so runs and parallel files never share keys. */
export const testPrefix = (): string => `caio-test:${process.pid}:${randomBytes(4).toString('hex')}`;

export const openTestStore = async (clock: Clock, overrides: Partial<RedisStateStoreOptions> = {}) =>
  (await openRedisStateStore({ url: REDIS_URL, keyPrefix: testPrefix(), initEpoch: true, clock, ...overrides }))._unsafeUnwrap();

/** Deletes every key of a prefix (SCAN, never KEYS). */
export const removePrefix = async (prefix: string, url = REDIS_URL): Promise<void> => {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `{${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
};
