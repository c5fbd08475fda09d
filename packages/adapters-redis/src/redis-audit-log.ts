import type { AuditEntry, AuditLog, AuditQuery, StoreError } from '@caio/core';
import { ResultAsync } from 'neverthrow';
import { parseJsonRecord } from './record-codec.js';
import type { RedisKeys } from './redis-keys.js';
import type { RedisStoreContext } from './redis-store-context.js';

/** The index lists an audit entry is also written to (by trace, card, lead). */
export const auditIndexes = (k: RedisKeys, entry: AuditEntry): string[] => [k.auditTrace(entry.trace.traceId), ...(entry.cardId ? [k.auditCard(entry.cardId)] : []), ...(entry.leadId ? [k.auditLead(entry.leadId)] : [])];

/** A range of an audit list as the stored JSON strings, oldest first. */
const readAuditRange = (c: RedisStoreContext, list: string, start: number, stop: number): Promise<string[]> => c.redis.readAudit(2, list, c.keys.auditEntries(), start, stop);

/** The audit log on Redis (`{p:audit}`): each entry stored once, the log and its indexes as lists of entry numbers. */
export const redisAuditLog = (c: RedisStoreContext): AuditLog => ({
  appendAudit(entry: AuditEntry): ResultAsync<void, StoreError> {
    const k = c.keys;
    const lists = [k.audit(), ...auditIndexes(c.keys, entry)];
    return c.call(async () => {
      await c.redis.appendAudit(2 + lists.length, k.auditEntries(), k.auditSeq(), ...lists, JSON.stringify(entry));
    });
  },

  listAudit(query: AuditQuery): ResultAsync<readonly AuditEntry[], StoreError> {
    const k = c.keys;
    const limit = query.limit ?? 100;
    const list = query.traceId !== undefined ? k.auditTrace(query.traceId) : query.cardId !== undefined ? k.auditCard(query.cardId) : query.leadId !== undefined ? k.auditLead(query.leadId) : k.audit();
    const filters = [query.traceId, query.cardId, query.leadId].filter((f) => f !== undefined).length;
    return c.call(async () => {
      const raw = await readAuditRange(c, list, filters > 1 ? 0 : -limit, -1);
      const entries = raw.map((v) => parseJsonRecord<AuditEntry>(list, v));
      return entries
        .filter((e) => (query.traceId === undefined || e.trace.traceId === query.traceId) && (query.cardId === undefined || e.cardId === query.cardId) && (query.leadId === undefined || e.leadId === query.leadId))
        .slice(-limit);
    });
  },

  listAuditHead(limit: number): ResultAsync<readonly AuditEntry[], StoreError> {
    const log = c.keys.audit();
    if (limit <= 0) return ResultAsync.fromSafePromise(Promise.resolve([]));
    return c.call(async () => (await readAuditRange(c, log, 0, limit - 1)).map((v) => parseJsonRecord<AuditEntry>(log, v)));
  },

  dropAuditHead(ids: readonly string[]): ResultAsync<number, StoreError> {
    const k = c.keys;
    const log = k.audit();
    if (ids.length === 0) return ResultAsync.fromSafePromise(Promise.resolve(0));
    return c.call(async () => {
      // Read the head, keep the prefix that matches `ids`, and let the script remove exactly
      // those entries (a head that changed in between stops it there).
      const head = await readAuditRange(c, log, 0, ids.length - 1);
      const keys: string[] = [log, k.auditEntries()];
      const args: string[] = [];
      for (const [i, raw] of head.entries()) {
        const entry = parseJsonRecord<AuditEntry>(log, raw);
        if (entry.id !== ids[i]) break;
        const lists = auditIndexes(c.keys, entry);
        keys.push(...lists);
        args.push(raw, String(lists.length));
      }
      return args.length === 0 ? 0 : c.redis.dropAuditHead(keys.length, ...keys, ...args);
    });
  },
});
