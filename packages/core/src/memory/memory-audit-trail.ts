import type { ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { IdentityKey } from '../lead/identity.js';
import type { AuditTrail, IndexedAuditAction } from '../ports/audit-trail.js';
import type { StoreError } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';

/** The reference `AuditTrail`: the log filtered (the reference defines what the indexes answer). */
export const memoryAuditTrail = (m: MemoryMachine): AuditTrail => ({
  listAuditByKey(key: IdentityKey, limit: number): ResultAsync<readonly AuditEntry[], StoreError> {
    return m.value(() => m.state.audit.filter((e) => e.identityKeys?.includes(key)).slice(-Math.max(0, limit)));
  },
  listAuditByAction(action: IndexedAuditAction, limit: number): ResultAsync<readonly AuditEntry[], StoreError> {
    return m.value(() => m.state.audit.filter((e) => e.action === action).slice(-Math.max(0, limit)));
  },
});
