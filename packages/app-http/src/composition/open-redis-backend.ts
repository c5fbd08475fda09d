import { createRedisClient, openRedisStateStore, RedisDriftLedger, RedisLockManager, RedisQuarantineDecisions, RedisRateGate, RedisUsers, type RedisConnection } from '@caio/adapters-redis';
import type { Clock, RateWindow, StoreError } from '@caio/core';
import type { OpenedRedis } from './open-state.js';
import { ResultAsync } from 'neverthrow';
import type { AppConfig } from '../config/app-config.js';
import { EpochWitness } from './epoch-witness.js';

/**
 * The Redis backend: the store (fail-closed client, epoch and eviction checks, the epoch
 * marker this deployment saw remembered in STATE_DIR) and a
 * lease manager on its own connection, both to one Redis (`REDIS_URL`) or to a Redis
 * Cluster (`REDIS_CLUSTER_NODES`), and the rate gates, the users, the drift ledger and the provider contact
 * directory every instance shares (on the lease connection). An unreachable Redis does not stop the app: it starts unready
 * (readiness says why) and becomes ready when Redis answers.
 *
 * @category adapters
 */
export const openRedisBackend = (config: AppConfig, clock: Clock): ResultAsync<OpenedRedis, StoreError> => {
  const connection = redisConnection(config);
  const witness = new EpochWitness(config.state.dir, config.state.redisKeyPrefix);
  return openRedisStateStore({ ...connection, keyPrefix: config.state.redisKeyPrefix, knownEpoch: witness.read(), onEpochSeen: (epoch) => witness.remember(epoch, clock.now()), clock }).andThen((store) => {
    const lockClient = createRedisClient(connection);
    // Wait for the lease connection as the store waited for its own: without an offline
    // queue, a lease asked for before it connected would fail. Unreachable: it keeps
    // reconnecting, like the store.
    return ResultAsync.fromSafePromise(lockClient.connect().catch(() => undefined)).map(() => {
      const close = store.close.bind(store);
      // Closing the store closes the lease connection too.
      store.close = async () => {
        await Promise.all([close(), lockClient.quit().catch(() => lockClient.disconnect())]);
      };
      return {
        store,
        locks: new RedisLockManager(lockClient, config.state.redisKeyPrefix, clock),
        rateGate: (name: string, windows: readonly RateWindow[]) => new RedisRateGate(lockClient, config.state.redisKeyPrefix, name, windows),
        users: new RedisUsers(lockClient, config.state.redisKeyPrefix),
        quarantineDecisions: new RedisQuarantineDecisions(lockClient, config.state.redisKeyPrefix),
        driftLedger: new RedisDriftLedger(lockClient, config.state.redisKeyPrefix),
      };
    });
  });
};

/** The cluster's seed nodes when configured, otherwise the single Redis URL. */
export const redisConnection = (config: AppConfig): RedisConnection => {
  const { state } = config;
  const target: RedisConnection = state.redisClusterNodes.length ? { cluster: { nodes: state.redisClusterNodes.map((n) => ({ host: n.host, port: n.port })) } } : { url: state.redisUrl };
  return {
    ...target,
    ...(state.redisUsername !== undefined ? { username: state.redisUsername } : {}),
    ...(state.redisPassword !== undefined ? { password: state.redisPassword } : {}),
    ...(state.redisTls ? { tls: { ...(state.redisTls.caPem !== undefined ? { ca: state.redisTls.caPem } : {}), ...(state.redisTls.servername !== undefined ? { servername: state.redisTls.servername } : {}) } } : {}),
  };
};
