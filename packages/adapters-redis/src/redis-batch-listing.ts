import type { Batch, BatchListing, BatchQuery, Page, StoreError } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { parseVersioned } from './record-codec.js';
import { pageIndex, type RedisStoreContext } from './redis-store-context.js';

/** Batches on Redis: the index of the asked status (or of every batch), each batch re-checked as loaded. */
export const redisBatchListing = (c: RedisStoreContext): BatchListing => ({
  listBatches(query: BatchQuery): ResultAsync<Page<Batch>, StoreError> {
    const load = async (ids: string[]) => (await c.redis.mget(...ids.map((id) => c.keys.batch(id)))).map((v, i) => (v === null ? null : parseVersioned<Batch>(c.keys.batch(ids[i]!), v)));
    const index = query.status === undefined ? c.keys.batchesAll() : c.keys.batchesStatus(query.status);
    return c.call(() => pageIndex(c, index, query, load, (b) => query.status === undefined || b.status === query.status, (b) => b.id));
  },
});
