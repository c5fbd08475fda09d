import { createRedisClient, RedisLockManager } from '@caio/adapters-redis';
import { leaseInspectorContract } from '@caio/testkit';
import { REDIS_URL, removePrefix, testPrefix } from './redis-test-support.js';

leaseInspectorContract('redis', async () => {
  const prefix = testPrefix();
  const client = createRedisClient({ url: REDIS_URL });
  await client.connect();
  return {
    locks: new RedisLockManager(client, prefix),
    now: () => Date.now(),
    dispose: async () => {
      await client.quit();
      await removePrefix(prefix);
    },
  };
});
