import type { ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { WebhookProvider } from '../events/domain-events.js';
import type { EventId } from '../ids.js';
import { token } from '../shared/token.js';
import type { StoreError } from './store-error.js';

/** A webhook delivery as first recorded; `applied` once its effects are done. */
export interface InboxEvent {
  readonly eventId: EventId;
  readonly provider: WebhookProvider;
  readonly receivedAt: string;
  /** Kept at least this long (>= 3 days) so late provider retries stay no-ops. */
  readonly expiresAt: string;
  /**
   * The verified, parsed event, so a crash before `applied` can be re-applied; `null` for
   * an event recorded already applied (`recordAppliedInboxEvent`), which never is.
   */
  readonly payload: unknown;
  readonly applied: boolean;
  /** The trace of the delivery that brought it (its request id), for the audit of a background application. */
  readonly traceId?: string;
}

/**
 * One event of a delivery accepted by `acceptInboxEvents`: with `audit`, its whole
 * application is that entry (an open, a click, an ignored event) and it is recorded
 * applied with it; without, it is recorded pending, for the applier.
 */
export interface InboxAcceptance {
  readonly event: Omit<InboxEvent, 'applied'>;
  readonly audit?: AuditEntry;
}

/** What `acceptInboxEvents` did with one event: recorded now, or already known (applied or pending). */
export type InboxAccepted = 'New' | 'Duplicate';

/** The webhook backlog: events recorded and not applied yet, and when the oldest was received. */
export interface InboxBacklog {
  readonly pending: number;
  readonly oldestReceivedAt: string | null;
}

/**
 * Who is applying an event, and for how long at most: several processes receiving the
 * same event at once must apply it once. A claim that outlives its holder (it died)
 * expires, and the next delivery applies the event.
 */
export interface InboxClaim {
  readonly holder: string;
  readonly ttlMs: number;
}

/**
 * What `recordInboxEvent` found. With a claim: `New` and `Pending` mean the caller now
 * holds the apply claim; `InProgress` means another holder's claim is live.
 */
export type InboxRecord =
  | { readonly _tag: 'New' }
  | { readonly _tag: 'Pending'; readonly event: InboxEvent }
  | { readonly _tag: 'InProgress'; readonly event: InboxEvent }
  | { readonly _tag: 'Applied'; readonly event: InboxEvent };

/**
 * What `claimInboxEvents` found for one event already recorded (`recordInboxEvent`'s rules
 * with a claim, without the body): `Claimed`, the caller now holds the apply claim (also
 * when it held it already, or another holder's claim lapsed); `InProgress`, another
 * holder's claim is live; `Applied`; `Unknown`, no live record (never recorded, or its
 * retention ended), so there is nothing to apply.
 */
export type InboxClaimVerdict = 'Claimed' | 'InProgress' | 'Applied' | 'Unknown';

/** One event to mark applied by `markInboxAppliedMany`: `markInboxApplied`'s arguments. */
export interface InboxAppliedMark {
  readonly eventId: EventId;
  readonly at: string;
  readonly entry?: AuditEntry;
}

/** An authenticated but unparseable delivery, kept for the operator (RB2B must get 200). */
export interface QuarantinedDelivery {
  readonly id: string;
  readonly provider: WebhookProvider;
  readonly receivedAt: string;
  readonly reason: string;
  readonly body: string;
}

/**
 * The webhook inbox (durable idempotency by event id, apply claims, retention) and the
 * quarantine. `recordAppliedInboxEvent`, `acceptInboxEvents`, and `markInboxApplied` and
 * `markInboxAppliedMany` with entries also append to the `AuditLog` in the same atomic
 * step (cross-role: inbox and audit keys).
 *
 * @category ports
 */
export interface WebhookInbox {
  /** Records a delivery by event id, and with `claim` takes the event's apply claim (see `InboxRecord`). */
  recordInboxEvent(event: Omit<InboxEvent, 'applied'>, claim?: InboxClaim): ResultAsync<InboxRecord, StoreError>;
  /**
   * Records a delivery whose whole application is one audit entry (an open, a click, an
   * ignored or unmatched event) and applies it, in one atomic operation: a new event is
   * stored already applied, together with `entry`. An event already applied changes
   * nothing (`Applied`), nor does one another holder is applying (`InProgress`); one
   * recorded earlier but never applied (a crash) is applied now (`Pending`). One write
   * instead of three (record, audit, mark applied) on the webhook hot path.
   */
  recordAppliedInboxEvent(event: Omit<InboxEvent, 'applied'>, entry: AuditEntry): ResultAsync<InboxRecord, StoreError>;
  /**
   * Accepts the events of one delivery in ONE atomic write (one Lua script, one journal
   * line): each new event is recorded pending, or applied with its audit entry; an event
   * already recorded (applied or pending) is a `Duplicate` and changes nothing. Pending
   * events are listed in acceptance order (`listPendingInbox`). Takes no claim: the
   * applier claims each event when it applies it.
   */
  acceptInboxEvents(events: readonly InboxAcceptance[]): ResultAsync<readonly InboxAccepted[], StoreError>;
  /** How many events wait to be applied, and the oldest's receipt (readiness). */
  inboxBacklog(): ResultAsync<InboxBacklog, StoreError>;
  /**
   * Marks the event applied and drops its apply claim; with `entry` (the audit entry that
   * closes the event's application), appends it in the same atomic step, so a crash leaves
   * both or neither: a retry never audits an applied event twice.
   */
  markInboxApplied(eventId: EventId, at: string, entry?: AuditEntry): ResultAsync<void, StoreError>;
  /**
   * The apply claims of several recorded events in ONE atomic step (the applier's lane
   * heads of one round): one verdict per id, in order (see `InboxClaimVerdict`). Unlike
   * `recordInboxEvent` it neither sends nor returns the events' bodies: the caller listed
   * them already. An id given twice is claimed by the first and answered `Claimed` again.
   */
  claimInboxEvents(eventIds: readonly EventId[], claim: InboxClaim): ResultAsync<readonly InboxClaimVerdict[], StoreError>;
  /**
   * Each mark exactly `markInboxApplied` (out of pending, claim dropped, its closing entry
   * appended, in the order given), all of them in ONE atomic write: the marks of the events
   * whose effects finished in one round of the applier.
   */
  markInboxAppliedMany(marks: readonly InboxAppliedMark[]): ResultAsync<void, StoreError>;
  /** Drops the apply claim if `holder` still holds it (an application that failed: retry at once). */
  releaseInboxClaim(eventId: EventId, holder: string): ResultAsync<void, StoreError>;
  /** Pending events oldest first; events received at the same instant in the order they were recorded. */
  listPendingInbox(limit: number): ResultAsync<readonly InboxEvent[], StoreError>;
  /**
   * Retention: forgets up to `limit` inbox events whose retention ended before `now`
   * (their ids, claims and index entries). Returns how many were forgotten.
   */
  pruneInbox(now: string, limit: number): ResultAsync<number, StoreError>;
  quarantine(delivery: QuarantinedDelivery): ResultAsync<void, StoreError>;
  listQuarantine(limit: number): ResultAsync<readonly QuarantinedDelivery[], StoreError>;
}
export const WebhookInbox = token<WebhookInbox>('WebhookInbox');
