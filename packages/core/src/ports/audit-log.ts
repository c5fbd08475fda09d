import type { ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { CardId, LeadId, TraceId } from '../ids.js';
import { token } from '../shared/token.js';
import type { StoreError } from './store-error.js';

export interface AuditQuery {
  readonly traceId?: TraceId;
  readonly cardId?: CardId;
  readonly leadId?: LeadId;
  readonly limit?: number;
}

/** The append-only audit log, indexed by trace, card and lead, and its archival at the head. @category ports */
export interface AuditLog {
  appendAudit(entry: AuditEntry): ResultAsync<void, StoreError>;
  listAudit(query: AuditQuery): ResultAsync<readonly AuditEntry[], StoreError>;
  /** The oldest `limit` audit entries, in the order they were appended (archival reads from here). */
  listAuditHead(limit: number): ResultAsync<readonly AuditEntry[], StoreError>;
  /**
   * Archival: removes entries from the head of the audit log while they match `ids` in
   * order, and from every audit index, so only entries an archive already holds are ever
   * dropped (a newer head, or a head another archiver took, stops it). Returns how many
   * were removed.
   */
  dropAuditHead(ids: readonly string[]): ResultAsync<number, StoreError>;
}
export const AuditLog = token<AuditLog>('AuditLog');
