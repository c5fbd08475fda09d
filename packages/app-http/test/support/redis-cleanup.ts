import { deleteKeysMatching, initializeRedisEpoch } from '@caio/adapters-redis';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Creates the epoch marker of a fresh test prefix, as an operator's `caio state init` does once. */
export const initRedisPrefix = async (prefix: string, url = TEST_REDIS_URL): Promise<void> => {
  (await initializeRedisEpoch({ url, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
};

/** Deletes every key of the given tenant prefixes (hash-tagged `{prefix:...}`). */
export const removeRedisPrefixes = async (prefixes: readonly string[], url = TEST_REDIS_URL): Promise<void> => {
  const redis = new Redis(url);
  try {
    for (const prefix of prefixes) await deleteKeysMatching(redis, `{${prefix}:*`);
  } finally {
    redis.disconnect();
  }
};
