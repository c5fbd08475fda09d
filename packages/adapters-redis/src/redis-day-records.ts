import type { DayRecord, DayRecords, StoreError } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { execAll } from './exec-all.js';
import { parseJsonRecord } from './record-codec.js';
import type { RedisStoreContext } from './redis-store-context.js';

/** Day records on Redis (`{p:audit}`): one key per day and a sorted index of the days. */
export const redisDayRecords = (c: RedisStoreContext): DayRecords => ({
  putDayRecord(record: DayRecord): ResultAsync<void, StoreError> {
    return c.call(async () => {
      await execAll(c.redis.multi().set(c.keys.dayRecord(record.day), JSON.stringify(record)).zadd(c.keys.dayRecords(), 0, record.day));
    });
  },

  listDayRecords(limit: number): ResultAsync<readonly DayRecord[], StoreError> {
    return c.call(async () => {
      const days = await c.redis.zrangebylex(c.keys.dayRecords(), '-', '+');
      const recent = days.slice(-limit);
      if (recent.length === 0) return [];
      const values = await c.redis.mget(...recent.map((d) => c.keys.dayRecord(d)));
      return values.flatMap((v, i) => (v === null ? [] : [parseJsonRecord<DayRecord>(c.keys.dayRecord(recent[i]!), v)]));
    });
  },
});
