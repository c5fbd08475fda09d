import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { IdentityStore } from '../../ports/identity-store.js';
import type { Leads } from '../../ports/leads.js';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { Suppressions } from '../../ports/suppressions.js';
import type { CadenceStops } from '../../ports/cadence-stops.js';
import type { WebhookInbox } from '../../ports/webhook-inbox.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { DomainEvent } from '../../events/domain-events.js';
import type { EventId } from '../../ids.js';
import type { InboxEvent, InboxRecord } from '../../ports/state-store.js';
import type { TraceEnvelope } from '../../trace.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import type { EventInProgress } from '../support/use-case-errors.js';
import { auditEntry } from '../support/audit.js';
import { applyDomainEvent, auditOnlyApplication, type ApplyEventError } from './apply-domain-event.js';
import { DEFAULT_INBOX_RETENTION_DAYS } from './inbox-retention.js';

/** The roles of the store ingesting webhook events touches. */
export type IngestWebhookEventsStore = Leads & IdentityStore & SendLedger & Suppressions & CadenceStops & WebhookInbox & AuditLog;

export { DEFAULT_INBOX_RETENTION_DAYS } from './inbox-retention.js';

export interface IngestWebhookEventsCommand {
  readonly events: readonly DomainEvent[];
  readonly trace: TraceEnvelope;
  readonly retentionDays?: number;
}

/**
 * How long one process may take to apply an event before another may take it over (the
 * first is then presumed dead). Applying is a handful of store calls, each bounded by the
 * store's command timeout, so this is far longer than any live application.
 */
export const INBOX_APPLY_CLAIM_MS = 30_000;

export interface IngestedEvent {
  readonly eventId: EventId;
  readonly status: 'applied' | 'duplicate';
}

export type IngestError = ApplyEventError | EventInProgress;

type InboxEntry = Omit<InboxEvent, 'applied'>;

const inProgress = (eventId: EventId): EventInProgress => ({
  _tag: 'EventInProgress',
  eventId,
  message: `event ${eventId} is being applied by another process; retry later`,
});

/**
 * Records the delivery and takes the event's apply claim in the same store operation,
 * then applies it and marks it applied (which drops the claim). Several processes
 * receiving the same event at once: one holds the claim and applies it, the others see
 * `InProgress` (their provider retries later and finds it applied). An application that
 * fails releases the claim, so the provider's next retry applies at once; a holder that
 * died leaves a claim that lapses after `INBOX_APPLY_CLAIM_MS`.
 * `null`: another process holds the claim.
 */
const claimAndApply = (deps: UseCaseDeps<IngestWebhookEventsStore>, event: DomainEvent, entry: InboxEntry, trace: TraceEnvelope): ResultAsync<IngestedEvent | null, ApplyEventError> => {
  // Most traffic (opens, clicks) is audit-only: recorded, audited and marked applied in one
  // store write. Applied at once, it never needs re-applying, so its payload is not kept:
  // inbox records live for the retention (7 days), and this halves theirs.
  const auditOnly = auditOnlyApplication(event);
  if (auditOnly) {
    return deps.store.recordAppliedInboxEvent({ ...entry, payload: null }, auditEntry(deps, trace, auditOnly)).map((record): IngestedEvent | null => {
      if (record._tag === 'InProgress') return null;
      return { eventId: event.eventId, status: record._tag === 'Applied' ? 'duplicate' : 'applied' };
    });
  }
  const holder = deps.ids.next('inbox-claim');
  return deps.store.recordInboxEvent(entry, { holder, ttlMs: INBOX_APPLY_CLAIM_MS }).andThen((record: InboxRecord): ResultAsync<IngestedEvent | null, ApplyEventError> => {
    if (record._tag === 'Applied') return okAsync({ eventId: event.eventId, status: 'duplicate' });
    if (record._tag === 'InProgress') return okAsync(null);
    return applyDomainEvent(deps, event, trace)
      .andThen((closing) => deps.store.markInboxApplied(event.eventId, deps.clock.now().toISOString(), closing ? auditEntry(deps, trace, closing) : undefined))
      .map((): IngestedEvent => ({ eventId: event.eventId, status: 'applied' }))
      .orElse((error) =>
        deps.store
          .releaseInboxClaim(event.eventId, holder)
          .orElse(() => okAsync(undefined))
          .andThen(() => errAsync(error)),
      );
  });
};

/**
 * Durable idempotency for webhooks: each event is first recorded in the store's inbox
 * by its event id; an id already applied is a no-op (a replay, even days later or
 * after a restart). An id recorded but not applied (the process died in between) is
 * applied now, once. Answer the provider 2xx only after this returns ok, so a crash
 * before recording makes the provider retry and nothing is lost.
 *
 * @category model
 */
export const ingestWebhookEvents = (deps: UseCaseDeps<IngestWebhookEventsStore>, command: IngestWebhookEventsCommand): ResultAsync<readonly IngestedEvent[], IngestError> => {
  const retentionMs = Math.max(command.retentionDays ?? DEFAULT_INBOX_RETENTION_DAYS, 3) * 86_400_000;
  const results: IngestedEvent[] = [];
  const receivedAt = deps.clock.now();
  const step = (index: number): ResultAsync<readonly IngestedEvent[], IngestError> => {
    const event = command.events[index];
    if (!event) return okAsync(results);
    const entry: InboxEntry = {
      eventId: event.eventId,
      provider: event.provider,
      receivedAt: receivedAt.toISOString(),
      expiresAt: new Date(receivedAt.getTime() + retentionMs).toISOString(),
      payload: event,
    };
    return claimAndApply(deps, event, entry, command.trace)
      .andThen((ingested): ResultAsync<IngestedEvent, IngestError> => (ingested ? okAsync(ingested) : errAsync(inProgress(event.eventId))))
      .andThen((ingested) => {
        results.push(ingested);
        return step(index + 1);
      });
  };
  return step(0);
};
