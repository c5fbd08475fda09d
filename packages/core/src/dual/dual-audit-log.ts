import type { ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { AuditLog, AuditQuery } from '../ports/audit-log.js';
import type { StoreError } from '../ports/store-error.js';
import type { DualRouter } from './dual-router.js';

/** `AuditLog` over two stores: written to both, read from the primary (whose log also holds the drift entries). */
export const dualAuditLog = (d: DualRouter): AuditLog => ({
  appendAudit(entry: AuditEntry): ResultAsync<void, StoreError> {
    return d.write('appendAudit', [`audit:${entry.id}`], (s) => s.appendAudit(entry));
  },
  listAudit(query: AuditQuery): ResultAsync<readonly AuditEntry[], StoreError> {
    return d.primary.listAudit(query);
  },
  listAuditHead(limit: number): ResultAsync<readonly AuditEntry[], StoreError> {
    return d.primary.listAuditHead(limit);
  },
  /** Drops on both when writes go to both: the secondary drops only the same ids at its own head. */
  dropAuditHead(ids: readonly string[]): ResultAsync<number, StoreError> {
    return d.write('dropAuditHead', ['audit:head'], (s) => s.dropAuditHead(ids));
  },
});
