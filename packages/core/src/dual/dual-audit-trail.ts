import type { ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { IdentityKey } from '../lead/identity.js';
import type { AuditTrail, IndexedAuditAction } from '../ports/audit-trail.js';
import type { StoreError } from '../ports/store-error.js';
import type { DualRouter } from './dual-router.js';

/** `AuditTrail` over two stores: reads, compared when dual reads are on (see `DualRouter`). */
export const dualAuditTrail = (d: DualRouter): AuditTrail => ({
  listAuditByKey(key: IdentityKey, limit: number): ResultAsync<readonly AuditEntry[], StoreError> {
    return d.read('listAuditByKey', [`audit-key:${key}`], (s) => s.listAuditByKey(key, limit));
  },
  listAuditByAction(action: IndexedAuditAction, limit: number): ResultAsync<readonly AuditEntry[], StoreError> {
    return d.read('listAuditByAction', [`audit-action:${action}`], (s) => s.listAuditByAction(action, limit));
  },
});
