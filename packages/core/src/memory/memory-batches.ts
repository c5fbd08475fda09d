import type { ResultAsync } from 'neverthrow';
import type { Batch } from '../batch/batch.js';
import type { BatchId } from '../ids.js';
import type { Batches } from '../ports/batches.js';
import type { StoreError, VersionConflict } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';

/** The reference `Batches`. */
export const memoryBatches = (m: MemoryMachine): Batches => ({
  getBatch(id: BatchId): ResultAsync<Batch | null, StoreError> {
    return m.frozen(() => m.state.batches[id] ?? null);
  },

  putBatch(batch: Batch, expectedVersion: number | null): ResultAsync<Batch, StoreError | VersionConflict> {
    return m.cas('batch', 'batches', batch.id, batch, expectedVersion);
  },
});
