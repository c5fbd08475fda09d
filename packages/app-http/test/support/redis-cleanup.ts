import { deleteKeysMatching } from '@caio/adapters-redis';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Deletes every key of the given tenant prefixes (hash-tagged `{prefix:...}`). */
export const removeRedisPrefixes = async (prefixes: readonly string[], url = TEST_REDIS_URL): Promise<void> => {
  const redis = new Redis(url);
  try {
    for (const prefix of prefixes) await deleteKeysMatching(redis, `{${prefix}:*`);
  } finally {
    redis.disconnect();
  }
};
