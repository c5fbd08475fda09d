import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { DomainEvent } from '../../events/domain-events.js';
import type { TraceId } from '../../ids.js';
import type { InboxEvent } from '../../ports/webhook-inbox.js';
import type { StoreError } from '../../ports/store-error.js';
import type { TraceEnvelope } from '../../trace.js';
import type { AuditRecord } from '../support/audit.js';
import { auditEntry } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { applyDomainEvent, lookUpEventKeys, type ApplyEventError } from './apply-domain-event.js';
import { INBOX_APPLY_CLAIM_MS, type IngestWebhookEventsStore } from './ingest-webhook-events.js';
import { webhookLanes } from './webhook-lanes.js';

export interface ApplyPendingOptions {
  /** The stored payload back as the verified event; `null` when it is not one (then it is set aside, audited). */
  readonly parse: (payload: unknown) => DomainEvent | null;
  /** The trace of what the applier does on its own account (setting aside an unreadable record). */
  readonly trace: TraceEnvelope;
  /** How many pending events one pass lists (oldest first). */
  readonly limit?: number;
  /** How many people's lanes one pass applies at once (the rest wait their turn in the pass). */
  readonly concurrency?: number;
  /** Told of each event this pass applied (the apply latency metric: its receipt to now). */
  readonly onApplied?: (event: InboxEvent) => void;
}

/** What one pass did: events applied, events left waiting (behind another holder's claim or a failure), the first failure. */
export interface ApplierPass {
  readonly listed: number;
  readonly applied: number;
  readonly waiting: number;
  readonly failure: ApplyEventError | null;
}

type Step = 'applied' | 'done' | 'blocked';
interface Item {
  readonly pending: InboxEvent;
  readonly event: DomainEvent;
}

/** The trace of the delivery that brought the event: its request id, the provider as actor, its receipt as the time of its effects. */
const deliveryTrace = (pending: InboxEvent, fallback: TraceEnvelope): TraceEnvelope => ({
  traceId: (pending.traceId ?? fallback.traceId) as TraceId,
  actor: `webhook:${pending.provider}`,
  at: pending.receivedAt,
  origin: 'webhook',
});

/**
 * The domain refused the event (a lead it cannot create; checked before acceptance, so
 * only a rule that changed meanwhile): applying it again would be refused again, so it is
 * closed with this entry rather than left blocking its person's lane.
 */
const refused = (event: DomainEvent, message: string): AuditRecord => ({ action: 'webhook.refused', subject: { eventId: event.eventId }, detail: { provider: event.provider, type: event.type, reason: message } });

/**
 * Claims, applies and marks applied one pending event (the closing audit entry in the same
 * store step as the mark): three round trips for an event with effects (claim with the
 * identity read, effects, mark). `blocked`: another holder is applying it (its lane waits);
 * `done`: someone applied it meanwhile. A failure releases the claim (the next pass retries).
 */
const applyOne = (deps: UseCaseDeps<IngestWebhookEventsStore>, item: Item, holder: string, fallback: TraceEnvelope, onApplied?: (event: InboxEvent) => void): ResultAsync<Step, ApplyEventError> => {
  const { applied: _applied, ...entry } = item.pending;
  // The person's keys are read alongside the claim (one round trip for both, not two): a
  // read has no effect, so reading before the claim is granted is harmless, and a lane's
  // earlier event is applied before this read starts.
  const keys = lookUpEventKeys(deps, item.event) ?? undefined;
  return deps.store.recordInboxEvent(entry, { holder, ttlMs: INBOX_APPLY_CLAIM_MS }).andThen((record): ResultAsync<Step, ApplyEventError> => {
    if (record._tag === 'Applied') return okAsync('done');
    if (record._tag === 'InProgress') return okAsync('blocked');
    const trace = deliveryTrace(item.pending, fallback);
    return applyDomainEvent(deps, item.event, trace, keys)
      .orElse((e) => (e._tag === 'ValidationError' ? okAsync<AuditRecord | null, ApplyEventError>(refused(item.event, e.message)) : errAsync(e)))
      .andThen((closing) => deps.store.markInboxApplied(item.event.eventId, deps.clock.now().toISOString(), closing ? auditEntry(deps, trace, closing) : undefined))
      .map((): Step => {
        onApplied?.(item.pending);
        return 'applied';
      })
      .orElse((error) =>
        deps.store
          .releaseInboxClaim(item.event.eventId, holder)
          .orElse(() => okAsync(undefined))
          .andThen(() => errAsync(error)),
      );
  });
};

/** A lane in order; it stops at the first event it cannot apply now, so none of that person's later events overtakes it. */
const runLane = async (deps: UseCaseDeps<IngestWebhookEventsStore>, lane: readonly Item[], holder: string, options: ApplyPendingOptions): Promise<ApplierPass> => {
  let applied = 0;
  for (const [index, item] of lane.entries()) {
    const step = await applyOne(deps, item, holder, options.trace, options.onApplied);
    if (step.isErr()) return { listed: lane.length, applied, waiting: lane.length - index, failure: step.error };
    if (step.value === 'blocked') return { listed: lane.length, applied, waiting: lane.length - index, failure: null };
    if (step.value === 'applied') applied++;
  }
  return { listed: lane.length, applied, waiting: 0, failure: null };
};

const EMPTY: ApplierPass = { listed: 0, applied: 0, waiting: 0, failure: null };
const sum = (a: ApplierPass, b: ApplierPass): ApplierPass => ({ listed: a.listed + b.listed, applied: a.applied + b.applied, waiting: a.waiting + b.waiting, failure: a.failure ?? b.failure });

/** A pending record whose payload is not an event (written by a version that no longer parses it): closed, audited, never dropped silently. */
const setAside = (deps: UseCaseDeps<IngestWebhookEventsStore>, pending: InboxEvent, trace: TraceEnvelope): ResultAsync<void, StoreError> =>
  deps.store.markInboxApplied(pending.eventId, deps.clock.now().toISOString(), auditEntry(deps, trace, { action: 'webhook.unreadable', subject: { eventId: pending.eventId }, detail: { provider: pending.provider, receivedAt: pending.receivedAt } }));

/**
 * One pass of the webhook applier: the oldest pending inbox events (accepted, or recorded
 * before a crash), applied once each. Events of one person (sharing an identity key or
 * provider contact) are applied in acceptance order, one at a time; different people
 * concurrently. Several appliers (threads of one instance, or instances sharing a store)
 * can run passes at once: each event is applied under its inbox claim, and a lane whose
 * next event another applier holds waits for a later pass, so that person's later events
 * never overtake it. Returns what the pass did; the caller runs passes until `waiting` and
 * `listed` say the backlog is drained.
 *
 * @category model
 */
export const applyPendingWebhookEvents = (deps: UseCaseDeps<IngestWebhookEventsStore>, options: ApplyPendingOptions): ResultAsync<ApplierPass, StoreError> =>
  deps.store.listPendingInbox(options.limit ?? 200).andThen((pending) => {
    const holder = deps.ids.next('inbox-claim');
    const items: Item[] = [];
    const unreadable: InboxEvent[] = [];
    for (const p of pending) {
      const event = options.parse(p.payload);
      if (event) items.push({ pending: p, event });
      else unreadable.push(p);
    }
    const lanes = webhookLanes(items);
    // A bounded pool over the lanes: the applier shares the process (and the store) with the
    // route, and a burst is absorbed better when acceptance is not starved by hundreds of applications at once.
    const next = { lane: 0 };
    const worker = async (): Promise<ApplierPass[]> => {
      const done: ApplierPass[] = [];
      for (let i = next.lane++; i < lanes.length; i = next.lane++) done.push(await runLane(deps, lanes[i]!, holder, options));
      return done;
    };
    const pool = Array.from({ length: Math.min(lanes.length, options.concurrency ?? 16) }, worker);
    const passes = Promise.all([
      ...pool.map((w) => w.then((done) => done.reduce(sum, EMPTY))),
      ...unreadable.map(async (p): Promise<ApplierPass> => {
        const closed = await setAside(deps, p, options.trace);
        return { listed: 1, applied: 0, waiting: closed.isOk() ? 0 : 1, failure: closed.isErr() ? closed.error : null };
      }),
    ]);
    return ResultAsync.fromSafePromise(passes).map((all) => all.reduce(sum, EMPTY));
  });

/**
 * Applies every event recorded but never applied (a crash between recording and
 * applying, or accepted deliveries not applied yet), pass after pass until a pass applies
 * nothing more. An event another process is applying right now is left to it. Returns how
 * many events this call applied.
 *
 * @category model
 */
export const replayPendingInbox = (deps: UseCaseDeps<IngestWebhookEventsStore>, trace: TraceEnvelope, parse: (payload: unknown) => DomainEvent | null): ResultAsync<number, ApplyEventError> => {
  const run = (total: number): ResultAsync<number, ApplyEventError> =>
    applyPendingWebhookEvents(deps, { parse, trace }).andThen((pass) => {
      if (pass.failure) return errAsync(pass.failure);
      return pass.applied > 0 && pass.listed > pass.waiting ? run(total + pass.applied) : okAsync(total + pass.applied);
    });
  return run(0);
};
