import type { ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { EventId } from '../ids.js';
import type { StoreError } from '../ports/store-error.js';
import type { InboxAcceptance, InboxAccepted, InboxAppliedMark, InboxBacklog, InboxClaim, InboxClaimVerdict, InboxEvent, InboxRecord, QuarantinedDelivery, WebhookInbox } from '../ports/webhook-inbox.js';
import type { MemoryMachine } from './memory-machine.js';
import { clone } from './memory-state.js';

/** `markInboxApplied` inside a step: out of pending, claim dropped, the closing entry appended. */
const markApplied = (m: MemoryMachine, eventId: EventId, entry?: AuditEntry): void => {
  const existing = m.state.inbox[eventId];
  if (existing) m.state.inbox[eventId] = { ...existing, applied: true };
  if (m.state.inboxClaims[eventId]) delete m.state.inboxClaims[eventId];
  if (entry) m.appendAudit(clone(entry));
};

/** The reference `WebhookInbox`; the steps that close an event's application append its audit entry in the same step. */
export const memoryWebhookInbox = (m: MemoryMachine): WebhookInbox => ({
  recordInboxEvent(event: Omit<InboxEvent, 'applied'>, claim?: InboxClaim): ResultAsync<InboxRecord, StoreError> {
    return m.value((): InboxRecord => {
      const now = m.now();
      const existing = m.state.inbox[event.eventId];
      const take = () => {
        if (claim) m.state.inboxClaims[event.eventId] = { holder: claim.holder, until: new Date(now.getTime() + claim.ttlMs).toISOString() };
      };
      if (existing && existing.expiresAt > now.toISOString()) {
        if (existing.applied) return { _tag: 'Applied', event: existing };
        const held = m.state.inboxClaims[event.eventId];
        if (claim && held && held.holder !== claim.holder && held.until > now.toISOString()) return { _tag: 'InProgress', event: existing };
        take();
        return { _tag: 'Pending', event: existing };
      }
      // Re-inserted, not overwritten: the table's insertion order is the acceptance order (listPendingInbox).
      if (existing) delete m.state.inbox[event.eventId];
      m.state.inbox[event.eventId] = { ...clone(event), applied: false };
      take();
      return { _tag: 'New' };
    });
  },

  recordAppliedInboxEvent(event: Omit<InboxEvent, 'applied'>, entry: AuditEntry): ResultAsync<InboxRecord, StoreError> {
    return m.value((): InboxRecord => {
      const now = m.now().toISOString();
      const existing = m.state.inbox[event.eventId];
      const live = existing && existing.expiresAt > now ? existing : undefined;
      if (live?.applied) return { _tag: 'Applied', event: live };
      const held = m.state.inboxClaims[event.eventId];
      if (live && held && held.until > now) return { _tag: 'InProgress', event: live };
      m.state.inbox[event.eventId] = live ? { ...live, applied: true } : { ...clone(event), applied: true };
      if (held) delete m.state.inboxClaims[event.eventId];
      m.appendAudit(clone(entry));
      return live ? { _tag: 'Pending', event: live } : { _tag: 'New' };
    });
  },

  acceptInboxEvents(events: readonly InboxAcceptance[]): ResultAsync<readonly InboxAccepted[], StoreError> {
    return m.value(() => {
      const now = m.now().toISOString();
      return events.map(({ event, audit }): InboxAccepted => {
        const existing = m.state.inbox[event.eventId];
        if (existing && existing.expiresAt > now) return 'Duplicate';
        // A new key is appended to the table, so insertion order is acceptance order (see listPendingInbox);
        // an expired one is dropped first for the same reason.
        if (existing) delete m.state.inbox[event.eventId];
        if (m.state.inboxClaims[event.eventId]) delete m.state.inboxClaims[event.eventId];
        m.state.inbox[event.eventId] = { ...clone(event), applied: audit !== undefined };
        if (audit) m.appendAudit(clone(audit));
        return 'New';
      });
    });
  },

  inboxBacklog(): ResultAsync<InboxBacklog, StoreError> {
    return m.value((): InboxBacklog => {
      let pending = 0;
      let oldestReceivedAt: string | null = null;
      for (const e of Object.values(m.state.inbox)) {
        if (e.applied) continue;
        pending++;
        if (oldestReceivedAt === null || e.receivedAt < oldestReceivedAt) oldestReceivedAt = e.receivedAt;
      }
      return { pending, oldestReceivedAt };
    });
  },

  markInboxApplied(eventId: EventId, _at: string, entry?: AuditEntry): ResultAsync<void, StoreError> {
    return m.value(() => markApplied(m, eventId, entry));
  },

  claimInboxEvents(eventIds: readonly EventId[], claim: InboxClaim): ResultAsync<readonly InboxClaimVerdict[], StoreError> {
    return m.value(() => {
      const now = m.now();
      const until = new Date(now.getTime() + claim.ttlMs).toISOString();
      return eventIds.map((eventId): InboxClaimVerdict => {
        // recordInboxEvent's rules for a recorded event, one id after the other (a repeated id finds the caller's own claim).
        const existing = m.state.inbox[eventId];
        if (!existing || existing.expiresAt <= now.toISOString()) return 'Unknown';
        if (existing.applied) return 'Applied';
        const held = m.state.inboxClaims[eventId];
        if (held && held.holder !== claim.holder && held.until > now.toISOString()) return 'InProgress';
        m.state.inboxClaims[eventId] = { holder: claim.holder, until };
        return 'Claimed';
      });
    });
  },

  markInboxAppliedMany(marks: readonly InboxAppliedMark[]): ResultAsync<void, StoreError> {
    return m.value(() => {
      for (const { eventId, entry } of marks) markApplied(m, eventId, entry);
    });
  },

  releaseInboxClaim(eventId: EventId, holder: string): ResultAsync<void, StoreError> {
    return m.value(() => {
      if (m.state.inboxClaims[eventId]?.holder === holder) delete m.state.inboxClaims[eventId];
    });
  },

  listPendingInbox(limit: number): ResultAsync<readonly InboxEvent[], StoreError> {
    return m.value(() =>
      Object.values(m.state.inbox)
        .filter((e) => !e.applied)
        // Stable: events received at the same instant keep the table's insertion (acceptance) order.
        .sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0))
        .slice(0, limit),
    );
  },

  pruneInbox(now: string, limit: number): ResultAsync<number, StoreError> {
    return m.value(() => {
      const expired = Object.values(m.state.inbox)
        .filter((e) => e.expiresAt <= now)
        .slice(0, limit);
      for (const event of expired) {
        delete m.state.inbox[event.eventId];
        if (m.state.inboxClaims[event.eventId]) delete m.state.inboxClaims[event.eventId];
      }
      return expired.length;
    });
  },

  quarantine(delivery: QuarantinedDelivery): ResultAsync<void, StoreError> {
    return m.value(() => {
      m.state.quarantine.push(clone(delivery));
    });
  },

  listQuarantine(limit: number): ResultAsync<readonly QuarantinedDelivery[], StoreError> {
    return m.value(() => m.state.quarantine.slice(-limit));
  },
});
