import type { ResultAsync } from 'neverthrow';
import type { Batch } from '../batch/batch.js';
import type { BatchId } from '../ids.js';
import type { Batches } from '../ports/batches.js';
import type { StoreError, VersionConflict } from '../ports/store-error.js';
import type { DualRouter } from './dual-router.js';

/** `Batches` over two stores: reads compared, writes mirrored (see `DualRouter`). */
export const dualBatches = (d: DualRouter): Batches => ({
  getBatch(id: BatchId): ResultAsync<Batch | null, StoreError> {
    return d.read('getBatch', [`batch:${id}`], (s) => s.getBatch(id));
  },
  putBatch(batch: Batch, expectedVersion: number | null): ResultAsync<Batch, StoreError | VersionConflict> {
    return d.write('putBatch', [`batch:${batch.id}`], (s) => s.putBatch(batch, expectedVersion));
  },
});
