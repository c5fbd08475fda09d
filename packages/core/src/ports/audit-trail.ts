import type { ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { IdentityKey } from '../lead/identity.js';
import { token } from '../shared/token.js';
import type { StoreError } from './store-error.js';

/**
 * The actions `listAuditByAction` answers: reply events and the operator's mark that one
 * was handled (the replies inbox), and what operators are notified of (sends with an
 * unknown outcome, the emergency stop, an autonomy fallback) with the mark that a
 * notification was delivered. All rare next to opens and clicks.
 */
export const INDEXED_AUDIT_ACTIONS = [
  'webhook.ReplyReceived',
  'webhook.LinkedInReplyReceived',
  'reply.handled',
  'send.unknown',
  'send.recovered_unknown',
  'controls.stop_engaged',
  'controls.stop_released',
  'autonomy.fallback',
  'notify.sent',
] as const;
export type IndexedAuditAction = (typeof INDEXED_AUDIT_ACTIONS)[number];

export const isIndexedAuditAction = (action: string): action is IndexedAuditAction => (INDEXED_AUDIT_ACTIONS as readonly string[]).includes(action);

/**
 * Two more ways into the audit log, kept by `appendAudit` (and every operation that appends
 * an entry) as indexes beside those by trace, card and lead: the entries naming an identity
 * key (`AuditEntry.identityKeys`: the webhook events of a person, which carry no card or
 * lead id), and the entries of an indexed action (the replies inbox). Both answer the
 * newest `limit` entries, oldest first, like `listAudit`. Archival drops entries from them
 * too.
 *
 * @category ports
 */
export interface AuditTrail {
  listAuditByKey(key: IdentityKey, limit: number): ResultAsync<readonly AuditEntry[], StoreError>;
  listAuditByAction(action: IndexedAuditAction, limit: number): ResultAsync<readonly AuditEntry[], StoreError>;
}
export const AuditTrail = token<AuditTrail>('AuditTrail');
