import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import type { DomainEvent, WebhookProvider } from '../../events/domain-events.js';
import type { AlreadyDecided, QuarantineDecision, QuarantineDecisions } from '../../ports/quarantine-decisions.js';
import type { QuarantinedDelivery } from '../../ports/webhook-inbox.js';
import type { StoreError } from '../../ports/store-error.js';
import { validationError, type ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { WebhookInbox } from '../../ports/webhook-inbox.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { notFound, type NotFound } from '../support/use-case-errors.js';
import { ingestWebhookEvents, type IngestedEvent, type IngestError, type IngestWebhookEventsStore } from './ingest-webhook-events.js';

/** How far back the operator's view (and its actions) look in the quarantine. */
export const QUARANTINE_VIEW_LIMIT = 1_000;

/** A quarantined delivery and what an operator decided about it (null: nobody yet). @category model */
export interface QuarantineItem {
  readonly delivery: QuarantinedDelivery;
  readonly decision: QuarantineDecision | null;
}

/** The body still does not parse: nothing was re-applied or recorded. @category errors */
export interface StillInvalid {
  readonly _tag: 'StillInvalid';
  readonly message: string;
}

export type QuarantineActionError = StoreError | AlreadyDecided | NotFound | ValidationError | StillInvalid | IngestError;

/** The quarantine, newest first, each delivery with its decision. @category model */
export const listQuarantineItems = (deps: UseCaseDeps<WebhookInbox, 'store'>, decisions: QuarantineDecisions): ResultAsync<readonly QuarantineItem[], StoreError> =>
  deps.store.listQuarantine(QUARANTINE_VIEW_LIMIT).andThen((deliveries) =>
    decisions.listDecisions().map((made) => {
      const byId = new Map(made.map((d) => [d.id, d]));
      return [...deliveries].reverse().map((delivery) => ({ delivery, decision: byId.get(delivery.id) ?? null }));
    }),
  );

const find = (deps: UseCaseDeps<WebhookInbox, 'store'>, decisions: QuarantineDecisions, id: string): ResultAsync<QuarantinedDelivery, StoreError | NotFound | AlreadyDecided> =>
  listQuarantineItems(deps, decisions).andThen((items) => {
    const item = items.find((i) => i.delivery.id === id);
    if (!item) return errAsync(notFound('delivery', id));
    if (item.decision) return errAsync<QuarantinedDelivery, AlreadyDecided>({ _tag: 'AlreadyDecided', id, message: `delivery ${id} was already ${item.decision.action} by ${item.decision.by} at ${item.decision.at}`, decision: item.decision });
    return okAsync(item.delivery);
  });

const checkNote = (note: string): Result<string, ValidationError> => (note.trim().length >= 3 ? ok(note.trim()) : err(validationError('note', 'say why (at least 3 characters)')));

/**
 * Discards a quarantined delivery (nothing in it is worth applying), audited as
 * `quarantine.discarded` with the operator's note. The first decision wins.
 *
 * @category model
 */
export const discardQuarantined = (deps: UseCaseDeps<WebhookInbox & AuditLog, 'store' | 'ids'>, decisions: QuarantineDecisions, command: { readonly id: string; readonly note: string; readonly trace: TraceEnvelope }): ResultAsync<QuarantineDecision, QuarantineActionError> => {
  const note = checkNote(command.note);
  if (note.isErr()) return errAsync(note.error);
  const { trace } = command;
  return find(deps, decisions, command.id).andThen((delivery) =>
    decisions
      .decide({ id: delivery.id, action: 'discarded', by: trace.actor, at: trace.at, note: note.value })
      .andThen((decision) => audit(deps, trace, 'quarantine.discarded', {}, { id: delivery.id, provider: delivery.provider, reason: delivery.reason, note: note.value }).map(() => decision)),
  );
};

/**
 * Re-applies a quarantined delivery after a parser fix: its body (authenticated when it
 * arrived) is parsed again with `reparse`; if it now yields events they go through the
 * durable inbox like any delivery (an event already applied is a duplicate), and only
 * then is the decision recorded, so a failure leaves it undecided to retry. A body that
 * still does not parse changes nothing (`StillInvalid`).
 *
 * @category model
 */
export const reapplyQuarantined = (
  deps: UseCaseDeps<IngestWebhookEventsStore>,
  decisions: QuarantineDecisions,
  reparse: (provider: WebhookProvider, body: string, now: Date) => Result<readonly DomainEvent[], string>,
  command: { readonly id: string; readonly note: string; readonly trace: TraceEnvelope },
): ResultAsync<{ readonly decision: QuarantineDecision; readonly events: readonly IngestedEvent[] }, QuarantineActionError> => {
  const note = checkNote(command.note);
  if (note.isErr()) return errAsync(note.error);
  const { trace } = command;
  return find(deps, decisions, command.id).andThen((delivery) => {
    const parsed = reparse(delivery.provider, delivery.body, deps.clock.now());
    if (parsed.isErr()) return errAsync<never, StillInvalid>({ _tag: 'StillInvalid', message: `the body still does not parse: ${parsed.error}` });
    // Audited as the operator who re-applied it, under the request's trace.
    return ingestWebhookEvents(deps, { events: parsed.value, trace }).andThen((events) =>
      decisions
        .decide({ id: delivery.id, action: 'reapplied', by: trace.actor, at: trace.at, note: note.value })
        .andThen((decision) =>
          audit(deps, trace, 'quarantine.reapplied', {}, { id: delivery.id, provider: delivery.provider, note: note.value, events: events.map((e) => ({ eventId: e.eventId, status: e.status })) }).map(() => ({ decision, events })),
        ),
    );
  });
};
