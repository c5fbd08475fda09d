import type { ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { EventId } from '../ids.js';
import type { StoreError } from '../ports/store-error.js';
import type { InboxAcceptance, InboxAccepted, InboxAppliedMark, InboxBacklog, InboxClaim, InboxClaimVerdict, InboxEvent, InboxRecord, QuarantinedDelivery, WebhookInbox } from '../ports/webhook-inbox.js';
import type { DualRouter } from './dual-router.js';

/**
 * `WebhookInbox` over two stores: written to both, read from the primary only (delivery
 * bookkeeping, not business state; its timing legitimately differs between stores).
 */
export const dualWebhookInbox = (d: DualRouter): WebhookInbox => ({
  recordInboxEvent(event: Omit<InboxEvent, 'applied'>, claim?: InboxClaim): ResultAsync<InboxRecord, StoreError> {
    return d.write('recordInboxEvent', [`inbox:${event.eventId}`], (s) => s.recordInboxEvent(event, claim));
  },
  recordAppliedInboxEvent(event: Omit<InboxEvent, 'applied'>, entry: AuditEntry): ResultAsync<InboxRecord, StoreError> {
    return d.write('recordAppliedInboxEvent', [`inbox:${event.eventId}`, `audit:${entry.id}`], (s) => s.recordAppliedInboxEvent(event, entry));
  },
  acceptInboxEvents(events: readonly InboxAcceptance[]): ResultAsync<readonly InboxAccepted[], StoreError> {
    const keys = events.flatMap(({ event, audit }) => [`inbox:${event.eventId}`, ...(audit ? [`audit:${audit.id}`] : [])]);
    return d.write('acceptInboxEvents', keys, (s) => s.acceptInboxEvents(events));
  },
  inboxBacklog(): ResultAsync<InboxBacklog, StoreError> {
    return d.primary.inboxBacklog();
  },
  markInboxApplied(eventId: EventId, at: string, entry?: AuditEntry): ResultAsync<void, StoreError> {
    return d.write('markInboxApplied', [`inbox:${eventId}`, ...(entry ? [`audit:${entry.id}`] : [])], (s) => s.markInboxApplied(eventId, at, entry));
  },
  claimInboxEvents(eventIds: readonly EventId[], claim: InboxClaim): ResultAsync<readonly InboxClaimVerdict[], StoreError> {
    return d.write('claimInboxEvents', eventIds.map((id) => `inbox:${id}`), (s) => s.claimInboxEvents(eventIds, claim));
  },
  markInboxAppliedMany(marks: readonly InboxAppliedMark[]): ResultAsync<void, StoreError> {
    const keys = marks.flatMap(({ eventId, entry }) => [`inbox:${eventId}`, ...(entry ? [`audit:${entry.id}`] : [])]);
    return d.write('markInboxAppliedMany', keys, (s) => s.markInboxAppliedMany(marks));
  },
  releaseInboxClaim(eventId: EventId, holder: string): ResultAsync<void, StoreError> {
    return d.write('releaseInboxClaim', [`inbox:${eventId}`], (s) => s.releaseInboxClaim(eventId, holder));
  },
  pruneInbox(now: string, limit: number): ResultAsync<number, StoreError> {
    return d.write('pruneInbox', ['inbox:retention'], (s) => s.pruneInbox(now, limit));
  },
  listPendingInbox(limit: number): ResultAsync<readonly InboxEvent[], StoreError> {
    return d.primary.listPendingInbox(limit);
  },
  quarantine(delivery: QuarantinedDelivery): ResultAsync<void, StoreError> {
    return d.write('quarantine', [`quarantine:${delivery.id}`], (s) => s.quarantine(delivery));
  },
  listQuarantine(limit: number): ResultAsync<readonly QuarantinedDelivery[], StoreError> {
    return d.primary.listQuarantine(limit);
  },
});
