import { systemClock, type Clock, type StoreError, type StoreHealth } from '@caio/core';
import { randomBytes } from 'node:crypto';
import { ResultAsync } from 'neverthrow';
import { createRedisClient, type RedisClient, type RedisConnection } from './redis-client.js';
import { buildQueueIndexes } from './build-queue-indexes.js';
import { migrateLegacyInbox } from './migrate-legacy-inbox.js';
import { RedisKeys } from './redis-keys.js';
import { RedisStoreContext } from './redis-store-context.js';
import { RedisStateStore, toStoreError, type RedisStatus } from './redis-state-store.js';

export interface RedisStateStoreOptions extends RedisConnection {
  /** Isolates tenants (and tests) sharing one Redis. */
  readonly keyPrefix: string;
  /** Create the epoch marker if missing (fresh install, tests). Otherwise a missing marker blocks sends. */
  readonly initEpoch?: boolean;
  /** When the provider disables CONFIG: trust that maxmemory-policy is noeviction. */
  readonly assumeNoEviction?: boolean;
  readonly clock?: Clock;
}

const EVICTION_POLICY = 'noeviction';

/**
 * Checks what makes Redis safe to send from, on every (re)connection: the eviction
 * policy must be `noeviction` (an evicted claim would read as "not sent"), and the epoch
 * marker must be the one this instance saw first (a flush or a replaced database blocks
 * sends until an operator reconciles and re-initialises it).
 */
const checkRedis = async (redis: RedisClient, keys: RedisKeys, status: RedisStatus, options: RedisStateStoreOptions): Promise<void> => {
  await migrateLegacyInbox(redis, keys);
  await buildQueueIndexes(new RedisStoreContext(redis, keys, options.clock ?? systemClock, status));
  let policy: string | undefined;
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    policy = reply[1];
  } catch {
    policy = options.assumeNoEviction ? EVICTION_POLICY : undefined;
  }
  if (policy !== EVICTION_POLICY) {
    status.blocked = policy === undefined ? 'cannot read maxmemory-policy (CONFIG disabled?); set assumeNoEviction if it is noeviction' : `maxmemory-policy is ${policy}; sends need noeviction`;
    return;
  }
  // Only before any epoch was seen: after data loss a new marker would hide the loss.
  if (options.initEpoch && status.epoch === null) await redis.set(keys.epoch(), randomBytes(16).toString('hex'), 'NX');
  const epoch = await redis.get(keys.epoch());
  if (epoch === null) {
    status.blocked = 'the epoch marker is missing: this Redis holds no CAIO data, or it was flushed or lost; reconcile, then initialise the epoch';
  } else if (status.epoch !== null && status.epoch !== epoch) {
    status.blocked = 'the epoch marker changed: the database was replaced; reconcile, then restart';
  } else {
    status.epoch = epoch;
    status.blocked = null;
  }
};

/**
 * Opens the Redis store. An unreachable Redis does not fail the open: the store starts
 * unready (health says why, every call fails fast) and becomes ready by itself when
 * Redis comes back.
 *
 * @category adapters
 */
export const openRedisStateStore = (options: RedisStateStoreOptions): ResultAsync<RedisStateStore & { initializeEpoch(): Promise<void> }, StoreError> => {
  const redis = createRedisClient(options);
  const keys = new RedisKeys(options.keyPrefix);
  const status: RedisStatus = { epoch: null, blocked: 'not connected to Redis yet' };
  const recheck = () =>
    checkRedis(redis, keys, status, options).catch((error: unknown) => {
      const failure = toStoreError(error);
      status.blocked = `start-up checks failed: ${failure._tag}: ${'message' in failure ? failure.message : failure.reason}`;
    });
  redis.on('ready', () => void recheck());
  const health = async (): Promise<StoreHealth> => {
    const started = process.hrtime.bigint();
    try {
      await redis.ping();
      if (status.blocked && status.epoch === null) await recheck();
      else if (status.epoch !== null && (await redis.get(keys.epoch())) !== status.epoch) status.blocked = 'the epoch marker is missing or changed: the data was flushed or replaced';
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      return { ok: true, backend: 'redis', ...(status.blocked ? { sendsBlocked: status.blocked } : {}), detail: { latencyMs: Math.round(latencyMs * 100) / 100, prefix: options.keyPrefix } };
    } catch (error) {
      return { ok: false, backend: 'redis', sendsBlocked: `Redis unreachable: ${toStoreError(error)._tag}` };
    }
  };
  const store = Object.assign(new RedisStateStore(redis, options.keyPrefix, options.clock ?? systemClock, status, health), {
    /** Operator action after reconciling: write a new epoch marker and unblock sends. */
    initializeEpoch: async (): Promise<void> => {
      const epoch = randomBytes(16).toString('hex');
      await redis.set(keys.epoch(), epoch);
      status.epoch = epoch;
      status.blocked = null;
      await recheck();
    },
  });
  return ResultAsync.fromSafePromise(
    redis
      .connect()
      .then(recheck)
      .catch(() => undefined)
      .then(() => store),
  );
};
