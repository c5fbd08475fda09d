import type { Batch, BatchListing, BatchQuery, Page, StoreError } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { parseVersioned } from './record-codec.js';
import { pageIndex, type RedisStoreContext } from './redis-store-context.js';

/** Batches by status on Redis: the index of every batch (`{p:send}:batches`), filtered. */
export const redisBatchListing = (c: RedisStoreContext): BatchListing => ({
  listBatches(query: BatchQuery): ResultAsync<Page<Batch>, StoreError> {
    const load = async (ids: string[]) => (await c.redis.mget(...ids.map((id) => c.keys.batch(id)))).map((v, i) => (v === null ? null : parseVersioned<Batch>(c.keys.batch(ids[i]!), v)));
    return c.call(() => pageIndex(c, c.keys.batchesAll(), query, load, (b) => query.status === undefined || b.status === query.status, (b) => b.id));
  },
});
