import { FileLockManager, FileStateStore } from '@caio/adapters-file';
import type { Clock, IdGenerator, LockManager, StateStore, StoreError } from '@caio/core';
import { DualStateStore } from '@caio/core';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';

export interface OpenedState {
  readonly store: StateStore;
  readonly locks: LockManager;
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
  openRedis: ((config: AppConfig, clock: Clock) => ResultAsync<{ store: StateStore; locks: LockManager }, StoreError>) | null,
): ResultAsync<OpenedState, StoreError> => {
  const file = () => FileStateStore.open({ dir: config.state.dir, clock });
  if (config.state.backend === 'file') {
    return file().map((store) => ({ store, locks: new FileLockManager(join(config.state.dir, 'leases'), clock), dual: null }));
  }
  if (!openRedis) return errAsync({ _tag: 'StoreUnavailable', message: `STATE_BACKEND=${config.state.backend} needs the Redis adapter, which this build does not include` });
  return openRedis(config, clock).andThen((redis) => {
    if (config.state.backend === 'redis') return okAsync<OpenedState, StoreError>({ ...redis, dual: null });
    return file().map((secondary) => {
      const dual = new DualStateStore(redis.store, secondary, { dualRead: config.state.dualReadEnabled, fallbackWrite: config.state.fileFallbackWrite, clock, ids });
      return { store: dual, locks: redis.locks, dual };
    });
  });
};
