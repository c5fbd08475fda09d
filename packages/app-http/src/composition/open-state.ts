import { FileLockManager, FileQuarantineDecisions, FileStateStore, FileUsers, type TailRepair } from '@caio/adapters-file';
import type { BatchListing, Clock, DriftLedger, IdGenerator, LockManager, Logger, QuarantineDecisions, RateGate, RateWindow, StateStore, StoreError, Users } from '@caio/core';
import { DualQuarantineDecisions, DualStateStore, DualUsers } from '@caio/core';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';

/** Makes the rate gate of one provider account (`name`) for its published windows. */
export type RateGateFactory = (name: string, windows: readonly RateWindow[]) => RateGate;

export interface OpenedState {
  readonly store: StateStore;
  /** Batches by status, from the primary store. */
  readonly batches: BatchListing;
  readonly locks: LockManager;
  /**
   * Rate gates shared by every instance on the same Redis; `null` on the file store,
   * where each process paces itself (one machine, normally one sending process).
   */
  readonly rateGate: RateGateFactory | null;
  /** Drift metrics when the backend is dual. */
  readonly dual: DualStateStore | null;
  /** The console's users, on the same backend as the store (every instance sees them). */
  readonly users: Users;
  readonly quarantineDecisions: QuarantineDecisions;
}

/** What the Redis backend opens (see `openRedisBackend`). */
export interface OpenedRedis {
  readonly store: StateStore & BatchListing;
  readonly locks: LockManager;
  readonly rateGate: RateGateFactory;
  readonly users: Users;
  readonly quarantineDecisions: QuarantineDecisions;
  /** The dual store's persisted drift blocks (shared by every instance). */
  readonly driftLedger: DriftLedger;
}

/** The file backend keeps users next to its journal, in `<STATE_DIR>/users/`. */
const fileUsers = (config: AppConfig): FileUsers => new FileUsers(join(config.state.dir, 'users'));
const fileDecisions = (config: AppConfig): FileQuarantineDecisions => new FileQuarantineDecisions(join(config.state.dir, 'quarantine'));

/**
 * Opens the configured state backend. `file` is the embedded default; `redis` and
 * `dual` need the Redis adapter, composed by `openRedisBackend` when it is available.
 *
 * @category adapters
 */
export const openState = (
  config: AppConfig,
  clock: Clock,
  ids: IdGenerator,
  openRedis: ((config: AppConfig, clock: Clock) => ResultAsync<OpenedRedis, StoreError>) | null,
  logger?: Logger,
): ResultAsync<OpenedState, StoreError> => {
  // A torn last journal line (a crash mid-append, never acknowledged) is cut on open: say so, with what was cut.
  const onTailRepaired = (repair: TailRepair) => logger?.warn('file store: a torn journal tail was cut (a write interrupted by a crash, never acknowledged)', { ...repair });
  const file = () => FileStateStore.open({ dir: config.state.dir, clock, onTailRepaired });
  if (config.state.backend === 'file') {
    return file().map((store) => ({ store, batches: store, locks: new FileLockManager(join(config.state.dir, 'leases'), clock), rateGate: null, dual: null, users: fileUsers(config), quarantineDecisions: fileDecisions(config) }));
  }
  if (!openRedis) return errAsync({ _tag: 'StoreUnavailable', message: `STATE_BACKEND=${config.state.backend} needs the Redis adapter, which this build does not include` });
  return openRedis(config, clock).andThen((redis) => {
    if (config.state.backend === 'redis') return okAsync<OpenedState, StoreError>({ store: redis.store, batches: redis.store, locks: redis.locks, rateGate: redis.rateGate, dual: null, users: redis.users, quarantineDecisions: redis.quarantineDecisions });
    return file().map((secondary) => {
        // Drift is kept in Redis: every instance sees a block, restarts keep it, reconcile clears it.
        const dual = new DualStateStore(redis.store, secondary, { dualRead: config.state.dualReadEnabled, fallbackWrite: config.state.fileFallbackWrite, clock, ids, driftLedger: redis.driftLedger });
        const users = new DualUsers(redis.users, fileUsers(config), { fallbackWrite: config.state.fileFallbackWrite });
        const quarantineDecisions = new DualQuarantineDecisions(redis.quarantineDecisions, fileDecisions(config), { fallbackWrite: config.state.fileFallbackWrite });
        // Batches are listed from the primary (Redis), which every instance shares.
        return { store: dual, batches: redis.store, locks: redis.locks, rateGate: redis.rateGate, dual, users, quarantineDecisions };
    });
  });
};
