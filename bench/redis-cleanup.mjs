/** Deletes every key matching each pattern: SCAN to the end of the keyspace, never KEYS. */
export const deleteKeys = async (redis, ...patterns) => {
  for (const pattern of patterns) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  }
};
