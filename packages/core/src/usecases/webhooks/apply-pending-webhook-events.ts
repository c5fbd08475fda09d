import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { DomainEvent } from '../../events/domain-events.js';
import type { InboxEvent } from '../../ports/webhook-inbox.js';
import type { StoreError } from '../../ports/store-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { auditEntry } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import type { ApplyEventError } from './apply-domain-event.js';
import { applyRound, type ApplierItem } from './apply-round.js';
import type { IngestWebhookEventsStore } from './ingest-webhook-events.js';
import { webhookLanes } from './webhook-lanes.js';

export interface ApplyPendingOptions {
  /** The stored payload back as the verified event; `null` when it is not one (then it is set aside, audited). */
  readonly parse: (payload: unknown) => DomainEvent | null;
  /** The trace of what the applier does on its own account (setting aside an unreadable record). */
  readonly trace: TraceEnvelope;
  /** How many pending events one pass lists (oldest first). */
  readonly limit?: number;
  /** How many people's lanes one pass applies at once, one event each per round (the rest wait their turn in the pass). Default 16. */
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

/**
 * The lanes in rounds (`applyRound`): each round takes the head of up to `concurrency`
 * lanes still going, in lane order, so a lane keeps its place until it is done and the
 * next lane takes the freed one. Only heads are claimed, never a lane's later events (a
 * failure never leaves claims on the events behind it), and never more than `concurrency`
 * at once (a claim lasts `INBOX_APPLY_CLAIM_MS`: hundreds claimed at the start of a pass
 * could lapse before their turn and be applied twice). A lane stops at the first event it
 * cannot apply now, so none of that person's later events overtakes it. The bound also
 * keeps the applier, which shares the process and the store with the route, from starving
 * acceptance during a burst.
 */
const applyLanes = async (deps: UseCaseDeps<IngestWebhookEventsStore>, lanes: readonly (readonly ApplierItem[])[], holder: string, options: ApplyPendingOptions): Promise<ApplierPass> => {
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const head = lanes.map(() => 0);
  let going = lanes.map((_, lane) => lane);
  let applied = 0;
  let waiting = 0;
  let failure: ApplyEventError | null = null;
  while (going.length > 0) {
    const round = going.slice(0, concurrency);
    const outcomes = await applyRound(deps, round.map((lane) => lanes[lane]![head[lane]!]!), holder, options.trace, options.onApplied);
    const ended = new Set<number>();
    outcomes.forEach((outcome, i) => {
      const lane = round[i]!;
      if (outcome._tag === 'Applied' || outcome._tag === 'Done') {
        if (outcome._tag === 'Applied') applied++;
        head[lane]!++;
        if (head[lane] === lanes[lane]!.length) ended.add(lane);
        return;
      }
      // Blocked or failed: this event and the lane's later ones wait for a later pass.
      waiting += lanes[lane]!.length - head[lane]!;
      if (outcome._tag === 'Failed') failure ??= outcome.error;
      ended.add(lane);
    });
    going = going.filter((lane) => !ended.has(lane));
  }
  return { listed: lanes.reduce((n, lane) => n + lane.length, 0), applied, waiting, failure };
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
 * concurrently, in rounds whose apply claims and applied marks are one store call each
 * (`applyRound`). Several appliers (threads of one instance, or instances sharing a store)
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
    const items: ApplierItem[] = [];
    const unreadable: InboxEvent[] = [];
    for (const p of pending) {
      const event = options.parse(p.payload);
      if (event) items.push({ pending: p, event });
      else unreadable.push(p);
    }
    const passes = Promise.all([
      applyLanes(deps, webhookLanes(items), holder, options),
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
