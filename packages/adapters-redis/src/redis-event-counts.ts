import { eventBucket, EVENT_BUCKET_MS, EVENT_RETENTION_MS, windowBuckets, type EventCounts, type StoreError } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { execAll } from './exec-all.js';
import type { RedisStoreContext } from './redis-store-context.js';

/**
 * `EventCounts` on Redis (`{p:count}`): one counter per name and minute bucket, `INCR` with
 * an expiry past the retention, so every instance counts into the same buckets and old
 * ones go by themselves; a window is one `MGET` (one slot: it works on a cluster).
 */
export const redisEventCounts = (c: RedisStoreContext): EventCounts => ({
  countEvent(name: string, at: Date): ResultAsync<void, StoreError> {
    const key = c.keys.eventCount(name, eventBucket(at));
    return c.call(async () => {
      await execAll(c.redis.multi().incr(key).pexpire(key, EVENT_RETENTION_MS + EVENT_BUCKET_MS));
    });
  },

  countEventsInWindow(name: string, windowMs: number, at: Date): ResultAsync<number, StoreError> {
    const keys = windowBuckets(windowMs, at).map((b) => c.keys.eventCount(name, b));
    return c.call(async () => (await c.redis.mget(...keys)).reduce((sum, v) => sum + Number(v ?? '0'), 0));
  },
});
