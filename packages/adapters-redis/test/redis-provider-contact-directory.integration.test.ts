import { createRedisClient, RedisProviderContactDirectory } from '@caio/adapters-redis';
import { providerContactDirectoryContract } from '@caio/testkit/contracts';
import { REDIS_URL, removePrefix, testPrefix } from './redis-test-support.js';

providerContactDirectoryContract('redis', async () => {
  const prefix = testPrefix();
  const clients = [createRedisClient({ url: REDIS_URL }), createRedisClient({ url: REDIS_URL })];
  await Promise.all(clients.map((c) => c.connect()));
  return {
    directory: new RedisProviderContactDirectory(clients[0]!, prefix),
    // Another instance on the same Redis sees what the first remembered.
    reopen: async () => new RedisProviderContactDirectory(clients[1]!, prefix),
    dispose: async () => {
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
      await removePrefix(prefix);
    },
  };
}, { durable: true });
