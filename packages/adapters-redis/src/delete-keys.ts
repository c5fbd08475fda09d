import type { Redis } from 'ioredis';

/**
 * Deletes every key matching `pattern` on one Redis server, by `SCAN` and `UNLINK`: never
 * `KEYS`, which blocks the server while it walks the whole keyspace. For removing a tenant
 * (`{<prefix>:*` matches every key of a prefix, see `RedisKeys.pattern`), benchmarks and
 * tests. Returns how many keys were deleted.
 *
 * @category adapters
 */
export const deleteKeysMatching = async (redis: Redis, pattern: string): Promise<number> => {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
};
