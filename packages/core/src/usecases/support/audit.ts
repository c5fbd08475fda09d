import type { ResultAsync } from 'neverthrow';
import type { AuditLog } from '../../ports/audit-log.js';
import type { AuditEntry } from '../../audit/audit-entry.js';
import type { StoreError } from '../../ports/store-error.js';
import type { TraceEnvelope } from '../../trace.js';
import type { CoreDeps, UseCaseDeps } from './core-deps.js';

type AuditSubject = Omit<AuditEntry, 'id' | 'trace' | 'action' | 'detail'>;

/** What an audit entry says, before it gets an id and a trace. */
export interface AuditRecord {
  readonly action: string;
  readonly subject: AuditSubject;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** The audit entry of one state change, stamped with the trace envelope that caused it. */
export const auditEntry = (deps: Pick<CoreDeps, 'ids'>, trace: TraceEnvelope, record: AuditRecord): AuditEntry => ({
  id: deps.ids.next('audit'),
  trace,
  action: record.action,
  ...record.subject,
  detail: record.detail,
});

/**
 * Appends the audit entry of one state change, stamped with the trace envelope of
 * the command or event that caused it.
 *
 * @category model
 */
export const audit = (
  deps: UseCaseDeps<AuditLog, 'ids'>,
  trace: TraceEnvelope,
  action: string,
  subject: AuditSubject,
  detail: Readonly<Record<string, unknown>> = {},
): ResultAsync<void, StoreError> => deps.store.appendAudit(auditEntry(deps, trace, { action, subject, detail }));
