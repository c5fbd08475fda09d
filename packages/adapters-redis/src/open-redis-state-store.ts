import { oneAtATime, systemClock, type Clock, type StoreError, type StoreHealth } from '@caio/core';
import { ResultAsync } from 'neverthrow';
import { createRedisClient, type RedisClient, type RedisConnection } from './redis-client.js';
import { successorEpoch } from './epoch-marker.js';
import { buildBatchIndexes } from './build-batch-indexes.js';
import { buildQueueIndexes } from './build-queue-indexes.js';
import { migrateLegacyInbox } from './migrate-legacy-inbox.js';
import { adoptLegacyProviderContacts } from './migrate-provider-contacts.js';
import { RedisKeys } from './redis-keys.js';
import { RedisStoreContext } from './redis-store-context.js';
import { RedisStateStore, toStoreError, type RedisStatus } from './redis-state-store.js';

export interface RedisStateStoreOptions extends RedisConnection {
  /** Isolates tenants (and tests) sharing one Redis. */
  readonly keyPrefix: string;
  /**
   * The epoch marker this deployment saw before (kept outside Redis, e.g. by the app in
   * STATE_DIR): a missing or different marker then blocks sends across restarts, not
   * only within one process. The store never creates a marker: `initializeRedisEpoch`
   * (`caio state init`) does, once, explicitly.
   */
  readonly knownEpoch?: string | null;
  /** Told each time the store adopts a marker, so the deployment can remember it. */
  readonly onEpochSeen?: (epoch: string) => void;
  /** When the provider disables CONFIG: trust that maxmemory-policy is noeviction. */
  readonly assumeNoEviction?: boolean;
  readonly clock?: Clock;
}

const EVICTION_POLICY = 'noeviction';
const DOCS = 'docs/state-stores.md#the-epoch-marker';

const missingMarker = (keys: RedisKeys): string =>
  `the epoch marker (${keys.epoch()}) is missing, so sends are blocked: this prefix holds no CAIO data yet, or its data was flushed or lost. ` +
  `First deployment: run \`caio state init\` once. After a loss: run \`caio state accept-loss --reason "…" --from <file store dir|export file|audit archive>\` (${DOCS})`;

const changedMarker = (seen: string, now: string): string =>
  `the epoch marker changed (this deployment saw ${seen.slice(0, 8)}…, Redis holds ${now.slice(0, 8)}…), so sends are blocked: the database was replaced or restored. ` +
  `Reconcile, then run \`caio state accept-loss --reason "…" --from <file store dir|export file|audit archive>\` (${DOCS})`;

/**
 * Checks what makes Redis safe to send from, on every (re)connection: the eviction
 * policy must be `noeviction` (an evicted claim would read as "not sent"), and the epoch
 * marker must be the one this deployment saw (or one that replaced it through an
 * accepted loss). A missing marker is never created here: an empty database cannot tell
 * a first deployment from a total loss.
 */
const checkRedis = async (redis: RedisClient, keys: RedisKeys, status: RedisStatus, options: RedisStateStoreOptions, migrate: () => Promise<unknown>): Promise<void> => {
  await migrateLegacyInbox(redis, keys);
  await migrate();
  const context = new RedisStoreContext(redis, keys, options.clock ?? systemClock, status);
  await buildQueueIndexes(context);
  await buildBatchIndexes(context);
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
  const marker = await redis.get(keys.epoch());
  if (marker === null) {
    status.blocked = missingMarker(keys);
    return;
  }
  if (status.epoch !== null && status.epoch !== marker && (await successorEpoch(redis, keys, status.epoch)) !== marker) {
    status.blocked = changedMarker(status.epoch, marker);
    return;
  }
  if (status.epoch !== marker) options.onEpochSeen?.(marker);
  status.epoch = marker;
  status.blocked = null;
};

/**
 * Opens the Redis store. An unreachable Redis does not fail the open: the store starts
 * unready (health says why, every call fails fast) and becomes ready by itself when
 * Redis comes back.
 *
 * @category adapters
 */
export const openRedisStateStore = (options: RedisStateStoreOptions): ResultAsync<RedisStateStore, StoreError> => {
  const redis = createRedisClient(options);
  const keys = new RedisKeys(options.keyPrefix);
  const status: RedisStatus = { epoch: options.knownEpoch ?? null, blocked: 'not connected to Redis yet' };
  // One check at a time: the connection's 'ready' and the open itself both ask for one
  // (and a reconnection or a health probe may ask during one). Two side by side would each
  // resume the same interrupted merges and erasures, and the one nobody awaits could still
  // be running (scrubbing an erasure's keyspace, say) after the open returned: the open
  // returns once no check is running or asked for.
  const recheck = oneAtATime(() =>
    checkRedis(redis, keys, status, options, async () => {
      await store.completeInterrupted();
      await store.buildMissingPersons();
      await adoptLegacyProviderContacts(redis, keys, store, (options.clock ?? systemClock).now().toISOString());
    }).catch((error: unknown) => {
      const failure = toStoreError(error);
      status.blocked = `start-up checks failed: ${failure._tag}: ${'message' in failure ? failure.message : failure.reason}`;
    }),
  );
  redis.on('ready', () => void recheck());
  const health = async (): Promise<StoreHealth> => {
    const started = process.hrtime.bigint();
    try {
      await redis.ping();
      // Blocked: look again (an operator may have initialised the marker or accepted a
      // loss meanwhile). Not blocked: a marker that vanished or changed blocks at once.
      if (status.blocked || (await redis.get(keys.epoch())) !== status.epoch) await recheck();
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      return { ok: true, backend: 'redis', ...(status.blocked ? { sendsBlocked: status.blocked } : {}), detail: { latencyMs: Math.round(latencyMs * 100) / 100, prefix: options.keyPrefix } };
    } catch (error) {
      return { ok: false, backend: 'redis', sendsBlocked: `Redis unreachable: ${toStoreError(error)._tag}` };
    }
  };
  const store = new RedisStateStore(redis, options.keyPrefix, options.clock ?? systemClock, status, health);
  return ResultAsync.fromSafePromise(
    redis
      .connect()
      .then(recheck)
      // The connection's 'ready' asked for a check too, which may run after the open's own.
      .then(recheck.idle)
      .catch(() => undefined)
      .then(() => store),
  );
};
