import type { ResultAsync } from 'neverthrow';
import type { Batch } from '../batch/batch.js';
import type { BatchListing, BatchQuery } from '../ports/batch-listing.js';
import type { Page } from '../ports/page.js';
import type { StoreError } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';
import { pageSorted } from './page.js';

/** The reference `BatchListing`: reads the batch index of the asked status (`batchFacets`). */
export const memoryBatchListing = (m: MemoryMachine): BatchListing => ({
  listBatches(query: BatchQuery): ResultAsync<Page<Batch>, StoreError> {
    return m.value(() => {
      const batches = m.state.batches;
      const ids = m.indexes.batches.list(query.status === undefined ? 'all' : `status:${query.status}`, batches);
      return pageSorted(ids, (id) => batches[id], query.limit, query.after);
    });
  },
});
