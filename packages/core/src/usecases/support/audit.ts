import type { ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../../audit/audit-entry.js';
import type { StoreError } from '../../ports/store-error.js';
import type { TraceEnvelope } from '../../trace.js';
import type { CoreDeps } from './core-deps.js';

type AuditSubject = Omit<AuditEntry, 'id' | 'trace' | 'action' | 'detail'>;

/**
 * Appends the audit entry of one state change, stamped with the trace envelope of
 * the command or event that caused it.
 *
 * @category model
 */
export const audit = (
  deps: Pick<CoreDeps, 'store' | 'ids'>,
  trace: TraceEnvelope,
  action: string,
  subject: AuditSubject,
  detail: Readonly<Record<string, unknown>> = {},
): ResultAsync<void, StoreError> =>
  deps.store.appendAudit({ id: deps.ids.next('audit'), trace, action, ...subject, detail });
