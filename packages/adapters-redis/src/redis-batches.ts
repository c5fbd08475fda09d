import type { Batch, BatchId, Batches, StoreError, VersionConflict } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { parseVersioned } from './record-codec.js';
import { casResult, versionConflict, type RedisStoreContext } from './redis-store-context.js';

/** Batches on Redis (`{p:send}`). */
export const redisBatches = (c: RedisStoreContext): Batches => ({
  getBatch(id: BatchId): ResultAsync<Batch | null, StoreError> {
    return c.call(async () => {
      const value = await c.redis.get(c.keys.batch(id));
      return value === null ? null : parseVersioned<Batch>(c.keys.batch(id), value);
    });
  },

  putBatch(batch: Batch, expectedVersion: number | null): ResultAsync<Batch, StoreError | VersionConflict> {
    return casResult(c.call(async () => {
      const result = await c.redis.putVersioned(3, c.keys.batch(batch.id), c.keys.batchMeta(batch.id), c.keys.batchesAll(), expectedVersion === null ? '' : String(expectedVersion), JSON.stringify(batch), batch.id, 0, 1, 0, 'version', String(batch.version));
      return result[0] === 'ok' ? batch : versionConflict('batch', batch.id, expectedVersion, result[1]);
    }));
  },
});
