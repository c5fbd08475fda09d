import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Deletes every key of the given tenant prefixes (hash-tagged `{prefix:...}`), by SCAN. */
export const removeRedisPrefixes = async (prefixes: readonly string[], url = TEST_REDIS_URL): Promise<void> => {
  const redis = new Redis(url);
  try {
    for (const prefix of prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `{${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.unlink(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
};
