import type { ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { IdentityKey } from '../lead/identity.js';
import type { AuditTrail, IndexedAuditAction } from '../ports/audit-trail.js';
import type { StoreError } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';

/** The reference `AuditTrail`: the audit indexes by identity key and by action (`auditFacets`). */
export const memoryAuditTrail = (m: MemoryMachine): AuditTrail => ({
  listAuditByKey(key: IdentityKey, limit: number): ResultAsync<readonly AuditEntry[], StoreError> {
    return m.value(() => m.indexes.audit.newest(`key:${key}`, m.state.audit, Math.max(0, limit)));
  },
  listAuditByAction(action: IndexedAuditAction, limit: number): ResultAsync<readonly AuditEntry[], StoreError> {
    return m.value(() => m.indexes.audit.newest(`action:${action}`, m.state.audit, Math.max(0, limit)));
  },
});
