import { batchListingContract } from '@caio/testkit';
import { openRedisStateStore } from '@caio/adapters-redis';
import { REDIS_URL, removePrefix, testPrefix } from './redis-test-support.js';

batchListingContract('Redis', async () => {
  const prefix = testPrefix();
  const store = (await openRedisStateStore({ url: REDIS_URL, keyPrefix: prefix, initEpoch: true }))._unsafeUnwrap();
  return {
    store,
    dispose: async () => {
      await store.close();
      await removePrefix(prefix);
    },
  };
});
