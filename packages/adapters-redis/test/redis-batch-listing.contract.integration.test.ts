import { batchListingContract } from '@caio/testkit/contracts';
import { initializeRedisEpoch, openRedisStateStore } from '@caio/adapters-redis';
import { REDIS_URL, removePrefix, testPrefix } from './redis-test-support.js';

batchListingContract('Redis', async () => {
  const prefix = testPrefix();
  (await initializeRedisEpoch({ url: REDIS_URL, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
  const store = (await openRedisStateStore({ url: REDIS_URL, keyPrefix: prefix }))._unsafeUnwrap();
  return {
    store,
    dispose: async () => {
      await store.close();
      await removePrefix(prefix);
    },
  };
});
