import type { ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { AuditLog, AuditQuery } from '../ports/audit-log.js';
import type { StoreError } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';
import { clone } from './memory-state.js';

/** The reference `AuditLog`: one array, oldest first; the filters scan it. */
export const memoryAuditLog = (m: MemoryMachine): AuditLog => ({
  appendAudit(entry: AuditEntry): ResultAsync<void, StoreError> {
    return m.value(() => {
      m.state.audit.push(clone(entry));
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
      if (matched > 0) m.state.audit.splice(0, matched);
      return matched;
    });
  },

  listAudit(query: AuditQuery): ResultAsync<readonly AuditEntry[], StoreError> {
    return m.value(() =>
      m.state.audit
        .filter((e) => query.traceId === undefined || e.trace.traceId === query.traceId)
        .filter((e) => query.cardId === undefined || e.cardId === query.cardId)
        .filter((e) => query.leadId === undefined || e.leadId === query.leadId)
        .slice(-(query.limit ?? 100)),
    );
  },
});
