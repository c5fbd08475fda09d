import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { WebhookInbox, InboxAcceptance } from '../../ports/webhook-inbox.js';
import type { StoreError } from '../../ports/store-error.js';
import type { DomainEvent } from '../../events/domain-events.js';
import type { EventId, LeadId } from '../../ids.js';
import type { TraceEnvelope } from '../../trace.js';
import { createLead } from '../../lead/lead.js';
import type { ValidationError } from '../../shared/validation-error.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { auditEntry } from '../support/audit.js';
import { auditOnlyApplication } from './apply-domain-event.js';
import { DEFAULT_INBOX_RETENTION_DAYS } from './inbox-retention.js';
import { personKeys } from './webhook-lanes.js';

export interface AcceptWebhookEventsCommand {
  readonly events: readonly DomainEvent[];
  readonly trace: TraceEnvelope;
  readonly retentionDays?: number;
}

/**
 * One event of an accepted delivery: `applied` (its whole application, an audit entry,
 * was written with it), `accepted` (recorded pending: the applier applies it), or
 * `duplicate` (already recorded, applied or pending).
 */
export interface AcceptedEvent {
  readonly eventId: EventId;
  readonly status: 'applied' | 'accepted' | 'duplicate';
}

/**
 * The domain refuses what would be refused when applied (a lead it cannot create): checked
 * before accepting, so such a delivery is quarantined instead of acknowledged.
 */
const refusal = (events: readonly DomainEvent[], at: string): ValidationError | null => {
  for (const event of events) {
    if (event.type !== 'LeadEnriched' && event.type !== 'VisitorIdentified') continue;
    const lead = createLead('lead_check' as LeadId, event.lead, at);
    if (lead.isErr()) return lead.error;
  }
  return null;
};

/**
 * The events of one delivery as the inbox records them: an audit-only event (an open, a
 * click, an ignored or unmatched one: `auditOnlyApplication`) with its closing entry and
 * no payload (nothing will re-apply it), any other with its payload and the delivery's
 * trace id, for the applier. An audit-only event that follows a pending event of the same
 * person in the delivery is kept pending too, so the person's history keeps the delivery's
 * order (a delivery, then an open of it).
 */
export const inboxAcceptances = (deps: UseCaseDeps<unknown, 'ids' | 'clock'>, command: AcceptWebhookEventsCommand): Result<readonly InboxAcceptance[], ValidationError> => {
  const receivedAt = deps.clock.now();
  const refused = refusal(command.events, command.trace.at);
  if (refused) return err(refused);
  const retentionMs = Math.max(command.retentionDays ?? DEFAULT_INBOX_RETENTION_DAYS, 3) * 86_400_000;
  const at = receivedAt.toISOString();
  const expiresAt = new Date(receivedAt.getTime() + retentionMs).toISOString();
  const pendingPeople = new Set<string>();
  return ok(
    command.events.map((event): InboxAcceptance => {
      let auditOnly = auditOnlyApplication(event);
      // A person's keys matter only once the delivery holds a pending event (most deliveries are one open: no second parse).
      if (!auditOnly || pendingPeople.size > 0) {
        const keys = personKeys(event);
        if (auditOnly && keys.some((k) => pendingPeople.has(k))) auditOnly = null;
        if (!auditOnly) for (const k of keys) pendingPeople.add(k);
      }
      const base = { eventId: event.eventId, provider: event.provider, receivedAt: at, expiresAt };
      return auditOnly ? { event: { ...base, payload: null }, audit: auditEntry(deps, command.trace, auditOnly) } : { event: { ...base, payload: event, traceId: command.trace.traceId } };
    }),
  );
};

/**
 * Accepts a verified delivery: its events are recorded in the inbox in ONE store write
 * (`acceptInboxEvents`), after which the provider may be answered 2xx. Nothing else runs
 * here: identity lookups, effects and the closing audit of the pending events are the
 * applier's (`applyPendingWebhookEvents`), in acceptance order per person. An event the
 * domain would refuse (a lead it cannot create) refuses the whole delivery, unrecorded.
 *
 * @category model
 */
export const acceptWebhookEvents = (
  deps: UseCaseDeps<Pick<WebhookInbox, 'acceptInboxEvents'>, 'ids' | 'clock'>,
  command: AcceptWebhookEventsCommand,
): ResultAsync<readonly AcceptedEvent[], StoreError | ValidationError> =>
  inboxAcceptances(deps, command).asyncAndThen((acceptances) =>
    deps.store.acceptInboxEvents(acceptances).map((verdicts) =>
      acceptances.map(({ event, audit }, i): AcceptedEvent => ({ eventId: event.eventId, status: verdicts[i] === 'Duplicate' ? 'duplicate' : audit ? 'applied' : 'accepted' })),
    ),
  );
