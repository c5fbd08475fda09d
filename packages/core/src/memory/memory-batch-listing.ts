import type { ResultAsync } from 'neverthrow';
import type { Batch } from '../batch/batch.js';
import type { BatchListing, BatchQuery } from '../ports/batch-listing.js';
import type { Page } from '../ports/page.js';
import type { StoreError } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';
import { pageById } from './page.js';

/** The reference `BatchListing`. */
export const memoryBatchListing = (m: MemoryMachine): BatchListing => ({
  listBatches(query: BatchQuery): ResultAsync<Page<Batch>, StoreError> {
    return m.value(() => {
      const all = Object.values(m.state.batches)
        .filter((b) => query.status === undefined || b.status === query.status)
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      return pageById(all, (b) => b.id, query.limit, query.after);
    });
  },
});
