import type { ResultAsync } from 'neverthrow';
import type { Batch } from '../batch/batch.js';
import type { BatchId } from '../ids.js';
import { token } from '../shared/token.js';
import type { StoreError, VersionConflict } from './store-error.js';

/** The send batches; `putBatch` is compare-and-set on `version` (`null` to create). @category ports */
export interface Batches {
  getBatch(id: BatchId): ResultAsync<Batch | null, StoreError>;
  putBatch(batch: Batch, expectedVersion: number | null): ResultAsync<Batch, StoreError | VersionConflict>;
}
export const Batches = token<Batches>('Batches');
