import type { ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { AuditLog, AuditQuery } from '../ports/audit-log.js';
import type { StoreError } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';
import { clone } from './memory-state.js';

/** The reference `AuditLog`: one array, oldest first; the filters read the audit indexes (`auditFacets`). */
export const memoryAuditLog = (m: MemoryMachine): AuditLog => ({
  appendAudit(entry: AuditEntry): ResultAsync<void, StoreError> {
    return m.value(() => {
      m.appendAudit(clone(entry));
    });
  },

  listAuditHead(limit: number): ResultAsync<readonly AuditEntry[], StoreError> {
    return m.value(() => m.state.audit.slice(0, Math.max(0, limit)));
  },

  dropAuditHead(ids: readonly string[]): ResultAsync<number, StoreError> {
    return m.value(() => {
      let matched = 0;
      while (matched < ids.length && m.state.audit[matched]?.id === ids[matched]) matched++;
      // One splice at the head: the file store journals it as one "drop the first n".
      if (matched > 0) {
        m.state.audit.splice(0, matched);
        m.indexes.audit.droppedHead(matched);
      }
      return matched;
    });
  },

  listAudit(query: AuditQuery): ResultAsync<readonly AuditEntry[], StoreError> {
    return m.value(() => {
      const log = m.state.audit;
      const limit = query.limit ?? 100;
      const facets = [
        ...(query.traceId !== undefined ? [`trace:${query.traceId}`] : []),
        ...(query.cardId !== undefined ? [`card:${query.cardId}`] : []),
        ...(query.leadId !== undefined ? [`lead:${query.leadId}`] : []),
      ];
      if (facets.length === 0) return log.slice(-limit);
      // The smallest list the filters name, newest first, each entry re-checked against them all.
      const facet = facets.reduce((a, b) => (m.indexes.audit.size(b, log) < m.indexes.audit.size(a, log) ? b : a));
      const keep = (e: AuditEntry) =>
        (query.traceId === undefined || e.trace.traceId === query.traceId) && (query.cardId === undefined || e.cardId === query.cardId) && (query.leadId === undefined || e.leadId === query.leadId);
      return m.indexes.audit.newest(facet, log, Math.max(0, limit), keep);
    });
  },
});
