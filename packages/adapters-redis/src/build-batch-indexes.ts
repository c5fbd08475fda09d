import type { Batch } from '@caio/core';
import { parseVersioned } from './record-codec.js';
import type { RedisStoreContext } from './redis-store-context.js';

/**
 * The batch status indexes (`RedisKeys.batchesStatus`) are written with every batch since
 * they exist; this adds the batches of a store written by an older version when it is
 * first opened, then sets a marker so it runs once per store (a store without batches is
 * scanned again at the next start, one empty read). Idempotent and safe from several
 * instances at once; a batch that moves meanwhile may keep a stale member, which the
 * listing's re-check of each batch skips. Returns how many batches were indexed.
 *
 * @category adapters
 */
export const buildBatchIndexes = async (c: RedisStoreContext, page = 500): Promise<number> => {
  if ((await c.redis.exists(c.keys.batchesBuilt())) === 1) return 0;
  let indexed = 0;
  let after: string | undefined;
  for (;;) {
    const ids = await c.redis.zrangebylex(c.keys.batchesAll(), after === undefined ? '-' : `(${after}`, '+', 'LIMIT', 0, page);
    if (ids.length === 0) break;
    const values = await c.redis.mget(...ids.map((id) => c.keys.batch(id)));
    const write = c.redis.pipeline();
    values.forEach((value, i) => {
      if (value === null) return;
      const batch = parseVersioned<Batch>(c.keys.batch(ids[i] as string), value);
      write.zadd(c.keys.batchesStatus(batch.status), 0, batch.id);
      indexed++;
    });
    await write.exec();
    after = ids.at(-1);
  }
  // A store without batches gets no marker: start-up writes nothing to an empty database.
  if (after !== undefined) await c.redis.set(c.keys.batchesBuilt(), new Date().toISOString());
  return indexed;
};
