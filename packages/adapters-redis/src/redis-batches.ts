import { BATCH_STATUSES, type Batch, type BatchId, type Batches, type BatchStatus, type StoreError, type VersionConflict } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import type { RedisKeys } from './redis-keys.js';
import { parseVersioned } from './record-codec.js';
import { casResult, versionConflict, type RedisStoreContext } from './redis-store-context.js';

/**
 * The listings a batch of `status` is in (`adds`: all batches and its status) and those it
 * must leave (`removes`: every other status). Naming every other status lets a write
 * move a batch without reading its previous status first.
 */
export const batchIndexes = (keys: RedisKeys, status: BatchStatus): { adds: string[]; removes: string[] } => ({
  adds: [keys.batchesAll(), keys.batchesStatus(status)],
  removes: BATCH_STATUSES.filter((s) => s !== status).map((s) => keys.batchesStatus(s)),
});

/** Batches on Redis (`{p:send}`): the record, its version, and its listings, written by one script. */
export const redisBatches = (c: RedisStoreContext): Batches => ({
  getBatch(id: BatchId): ResultAsync<Batch | null, StoreError> {
    return c.call(async () => {
      const value = await c.redis.get(c.keys.batch(id));
      return value === null ? null : parseVersioned<Batch>(c.keys.batch(id), value);
    });
  },

  putBatch(batch: Batch, expectedVersion: number | null): ResultAsync<Batch, StoreError | VersionConflict> {
    return casResult(c.call(async () => {
      const { adds, removes } = batchIndexes(c.keys, batch.status);
      const keys = [c.keys.batch(batch.id), c.keys.batchMeta(batch.id), ...removes, ...adds];
      const result = await c.redis.putVersioned(keys.length, ...keys, expectedVersion === null ? '' : String(expectedVersion), JSON.stringify(batch), batch.id, removes.length, adds.length, 0, 0, 0, '', '', 'version', String(batch.version));
      return result[0] === 'ok' ? batch : versionConflict('batch', batch.id, expectedVersion, result[1]);
    }));
  },
});
