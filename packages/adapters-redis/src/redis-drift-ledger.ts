import type { DriftLedger, DriftRecord, StoreError } from '@caio/core';
import { ResultAsync } from 'neverthrow';
import { z } from 'zod';
import type { RedisClient } from './redis-client.js';
import { toStoreError } from './redis-store-context.js';

const driftRecord = z.object({
  key: z.string(),
  kind: z.enum(['read_mismatch', 'partial_write']),
  operation: z.string(),
  detectedAt: z.string(),
  detail: z.string(),
});

/** Stored JSON is untrusted: a damaged entry still blocks its key (fail closed), described as damaged. */
const parse = (field: string, raw: string): DriftRecord => {
  try {
    const parsed = driftRecord.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return { key: field, kind: 'partial_write', operation: 'unknown', detectedAt: new Date(0).toISOString(), detail: 'the stored drift record is damaged' };
};

/**
 * The dual store's drift on Redis: one hash per tenant (`{<prefix>:drift}`, a single
 * slot, so it works on a cluster), a field per record key. Every instance reads and
 * writes the same hash, so a block is seen everywhere, survives restarts, and is cleared
 * by `caio reconcile --repair-drift` from any process. HSETNX keeps the first detection.
 *
 * @category adapters
 */
export class RedisDriftLedger implements DriftLedger {
  private readonly key: string;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.key = `{${prefix}:drift}`;
  }

  record(records: readonly DriftRecord[]): ResultAsync<void, StoreError> {
    return ResultAsync.fromPromise(
      Promise.all(records.map((r) => this.redis.hsetnx(this.key, r.key, JSON.stringify(r)))).then(() => undefined),
      toStoreError,
    );
  }

  find(keys: readonly string[]): ResultAsync<readonly DriftRecord[], StoreError> {
    if (keys.length === 0) return ResultAsync.fromSafePromise(Promise.resolve([]));
    return ResultAsync.fromPromise(this.redis.hmget(this.key, ...keys), toStoreError).map((values) =>
      values.flatMap((raw, i) => (raw === null ? [] : [parse(keys[i]!, raw)])),
    );
  }

  list(): ResultAsync<readonly DriftRecord[], StoreError> {
    return ResultAsync.fromPromise(this.redis.hgetall(this.key), toStoreError).map((all) => Object.entries(all).map(([field, raw]) => parse(field, raw)));
  }

  clear(keys: readonly string[]): ResultAsync<number, StoreError> {
    if (keys.length === 0) return ResultAsync.fromSafePromise(Promise.resolve(0));
    return ResultAsync.fromPromise(this.redis.hdel(this.key, ...keys), toStoreError);
  }
}
