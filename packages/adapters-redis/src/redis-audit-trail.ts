import type { AuditEntry, AuditTrail, IdentityKey, IndexedAuditAction, StoreError } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { parseJsonRecord } from './record-codec.js';
import type { RedisStoreContext } from './redis-store-context.js';

/** `AuditTrail` on Redis: the lists `auditKey` and `auditAction` (written with the entry, see `auditIndexes`). */
export const redisAuditTrail = (c: RedisStoreContext): AuditTrail => {
  const newest = (list: string, limit: number): ResultAsync<readonly AuditEntry[], StoreError> =>
    c.call(async () => (limit <= 0 ? [] : (await c.redis.readAudit(2, list, c.keys.auditEntries(), -limit, -1)).map((v) => parseJsonRecord<AuditEntry>(list, v))));
  return {
    listAuditByKey: (key: IdentityKey, limit: number) => newest(c.keys.auditKey(key), limit),
    listAuditByAction: (action: IndexedAuditAction, limit: number) => newest(c.keys.auditAction(action), limit),
  };
};
