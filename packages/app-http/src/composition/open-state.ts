import { FileLockManager, FileStateStore } from '@caio/adapters-file';
import type { Clock, DriftLedger, IdGenerator, LockManager, RateGate, RateWindow, StateStore, StoreError } from '@caio/core';
import { DualStateStore } from '@caio/core';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';

/** Makes the rate gate of one provider account (`name`) for its published windows. */
export type RateGateFactory = (name: string, windows: readonly RateWindow[]) => RateGate;

export interface OpenedState {
  readonly store: StateStore;
  readonly locks: LockManager;
  /**
   * Rate gates shared by every instance on the same Redis; `null` on the file store,
   * where each process paces itself (one machine, normally one sending process).
   */
  readonly rateGate: RateGateFactory | null;
  /** Drift metrics when the backend is dual. */
  readonly dual: DualStateStore | null;
}

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
  openRedis: ((config: AppConfig, clock: Clock) => ResultAsync<{ store: StateStore; locks: LockManager; rateGate: RateGateFactory; driftLedger: DriftLedger }, StoreError>) | null,
): ResultAsync<OpenedState, StoreError> => {
  const file = () => FileStateStore.open({ dir: config.state.dir, clock });
  if (config.state.backend === 'file') {
    return file().map((store) => ({ store, locks: new FileLockManager(join(config.state.dir, 'leases'), clock), rateGate: null, dual: null }));
  }
  if (!openRedis) return errAsync({ _tag: 'StoreUnavailable', message: `STATE_BACKEND=${config.state.backend} needs the Redis adapter, which this build does not include` });
  return openRedis(config, clock).andThen((redis) => {
    if (config.state.backend === 'redis') return okAsync<OpenedState, StoreError>({ store: redis.store, locks: redis.locks, rateGate: redis.rateGate, dual: null });
    return file().map((secondary) => {
      // Drift is kept in Redis: every instance sees a block, restarts keep it, reconcile clears it.
      const dual = new DualStateStore(redis.store, secondary, { dualRead: config.state.dualReadEnabled, fallbackWrite: config.state.fileFallbackWrite, clock, ids, driftLedger: redis.driftLedger });
      return { store: dual, locks: redis.locks, rateGate: redis.rateGate, dual };
    });
  });
};
