import { createRedisClient, RedisLockManager } from '@caio/adapters-redis';
import { describeLockManagerContract, leaseInspectorContract } from '@caio/testkit/contracts';
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

// Redis expires leases on its own clock: the contract waits real time, with short leases.
describeLockManagerContract('redis', async () => {
  const prefix = testPrefix();
  const clients = [createRedisClient({ url: REDIS_URL }), createRedisClient({ url: REDIS_URL })];
  await Promise.all(clients.map((c) => c.connect()));
  return {
    locks: new RedisLockManager(clients[0]!, prefix),
    other: new RedisLockManager(clients[1]!, prefix),
    ttlMs: 1_000,
    advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    dispose: async () => {
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
      await removePrefix(prefix);
    },
  };
});
