import type { ResultAsync } from 'neverthrow';
import type { Batch, BatchStatus } from '../batch/batch.js';
import { token } from '../shared/token.js';
import type { Page } from './state-store.js';
import type { StoreError } from './store-error.js';

export interface BatchQuery {
  readonly status?: BatchStatus;
  readonly limit?: number;
  /** The last id of the previous page. */
  readonly after?: string;
}

/**
 * Batches in id order (ids are time-sorted, so oldest first), optionally of one status:
 * the operator's list and the dispatcher's search for batches left `executing`.
 *
 * @category ports
 */
export interface BatchListing {
  listBatches(query: BatchQuery): ResultAsync<Page<Batch>, StoreError>;
}
export const BatchListing = token<BatchListing>('BatchListing');
