import { createRedisClient, openRedisStateStore, RedisLockManager } from '@caio/adapters-redis';
import type { Clock, LockManager, StateStore, StoreError } from '@caio/core';
import { ResultAsync } from 'neverthrow';
import type { AppConfig } from '../config/app-config.js';

/**
 * The Redis backend: the store (fail-closed client, epoch and eviction checks) and a
 * lease manager on its own connection. An unreachable Redis does not stop the app: it
 * starts unready (readiness says why) and becomes ready when Redis answers.
 *
 * @category adapters
 */
export const openRedisBackend = (config: AppConfig, clock: Clock): ResultAsync<{ store: StateStore; locks: LockManager }, StoreError> =>
  openRedisStateStore({ url: config.state.redisUrl, keyPrefix: config.state.redisKeyPrefix, initEpoch: config.state.redisInitEpoch, clock }).map((store) => {
    const lockClient = createRedisClient({ url: config.state.redisUrl });
    void lockClient.connect().catch(() => undefined);
    const close = store.close.bind(store);
    // Closing the store closes the lease connection too.
    store.close = async () => {
      await Promise.all([close(), lockClient.quit().catch(() => lockClient.disconnect())]);
    };
    return { store, locks: new RedisLockManager(lockClient, config.state.redisKeyPrefix, clock) };
  });
