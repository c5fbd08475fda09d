import type { ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Batch } from '../batch/batch.js';
import type { CadenceStop } from '../cadence/cadence.js';
import type { Card } from '../card/card.js';
import type { CardStatus } from '../card/card-status.js';
import type { Channel } from '../channel.js';
import type { DayRecord } from '../clean-days.js';
import type { Controls } from '../controls/controls.js';
import type { WebhookProvider } from '../events/domain-events.js';
import type { BatchId, CardId, EventId, LeadId, TraceId } from '../ids.js';
import type { IdentityKey } from '../lead/identity.js';
import type { Lead } from '../lead/lead.js';
import type {
  ClaimRefused,
  FirstTouch,
  LedgerEntry,
  LedgerState,
  OutcomeRefused,
  OutcomeRequest,
  SendClaimRequest,
} from '../ledger/send-ledger.js';
import { token } from '../shared/token.js';
import type { Suppression, SuppressionTarget } from '../suppression/suppression.js';
import type { ErasureStore } from './erasure-store.js';
import type { IdentityStore } from './identity-store.js';
import type { SuppressionList } from './suppression-list.js';
import type { StoreError, VersionConflict } from './store-error.js';
import type { StoreRecord } from './store-record.js';

/** A page of a listing; pass `after` back to continue. @category ports */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next?: string;
}

export interface LeadQuery {
  readonly sourceLabel?: string;
  readonly limit?: number;
  readonly after?: string;
}

export interface CardQuery {
  readonly status?: CardStatus;
  readonly channel?: Channel;
  readonly leadId?: LeadId;
  readonly limit?: number;
  readonly after?: string;
}

export interface LedgerQuery {
  readonly state?: LedgerState;
  readonly identityKey?: IdentityKey;
  readonly limit?: number;
  readonly after?: string;
}

export interface AuditQuery {
  readonly traceId?: TraceId;
  readonly cardId?: CardId;
  readonly leadId?: LeadId;
  readonly limit?: number;
}

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

/** An authenticated but unparseable delivery, kept for the operator (RB2B must get 200). */
export interface QuarantinedDelivery {
  readonly id: string;
  readonly provider: WebhookProvider;
  readonly receivedAt: string;
  readonly reason: string;
  readonly body: string;
}

/** @category ports */
export interface StoreHealth {
  readonly ok: boolean;
  readonly backend: string;
  /** Set when sends must not run (store unreachable, epoch lost, bad eviction policy). */
  readonly sendsBlocked?: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/**
 * Everything the system remembers, shaped for the domain. Every method is atomic on
 * its own; multi-record transitions (`claimSend`, `recordOutcome`) are single atomic
 * steps in every adapter (one Lua script in Redis, one locked journal append in the
 * file store). `put*` methods are compare-and-set on `version`: pass the version you
 * read (`null` to create), and the stored record is replaced only if it still has it.
 *
 * @category ports
 */
export interface StateStore extends IdentityStore, SuppressionList, ErasureStore {
  // Leads: identity keys are indexed, so a lead can be found by any of them; an alias id
  // (a lead merged into another) gets the survivor.
  getLead(id: LeadId): ResultAsync<Lead | null, StoreError>;
  findLeadsByKeys(keys: readonly IdentityKey[]): ResultAsync<readonly Lead[], StoreError>;
  putLead(lead: Lead, expectedVersion: number | null): ResultAsync<Lead, StoreError | VersionConflict>;
  listLeads(query: LeadQuery): ResultAsync<Page<Lead>, StoreError>;

  // Cards
  getCard(id: CardId): ResultAsync<Card | null, StoreError>;
  putCard(card: Card, expectedVersion: number | null): ResultAsync<Card, StoreError | VersionConflict>;
  listCards(query: CardQuery): ResultAsync<Page<Card>, StoreError>;

  // Batches
  getBatch(id: BatchId): ResultAsync<Batch | null, StoreError>;
  putBatch(batch: Batch, expectedVersion: number | null): ResultAsync<Batch, StoreError | VersionConflict>;

  // Send ledger
  claimSend(request: SendClaimRequest): ResultAsync<LedgerEntry, StoreError | ClaimRefused>;
  recordOutcome(request: OutcomeRequest): ResultAsync<LedgerEntry, StoreError | OutcomeRefused>;
  getLedgerEntry(cardId: CardId, step: number): ResultAsync<LedgerEntry | null, StoreError>;
  listLedger(query: LedgerQuery): ResultAsync<Page<LedgerEntry>, StoreError>;
  getFirstTouches(keys: readonly IdentityKey[]): ResultAsync<readonly FirstTouch[], StoreError>;
  countDaySends(dayKey: string): ResultAsync<number, StoreError>;

  // Suppression and cadence stops (idempotent adds)
  addSuppression(suppression: Suppression): ResultAsync<void, StoreError>;
  findSuppressions(targets: readonly SuppressionTarget[]): ResultAsync<readonly Suppression[], StoreError>;
  addCadenceStop(stop: CadenceStop): ResultAsync<void, StoreError>;
  findCadenceStops(keys: readonly IdentityKey[]): ResultAsync<readonly CadenceStop[], StoreError>;

  // Controls: one record, compare-and-set (version 0 = never written)
  getControls(): ResultAsync<Controls, StoreError>;
  putControls(controls: Controls, expectedVersion: number): ResultAsync<Controls, StoreError | VersionConflict>;

  // Webhook inbox (durable idempotency) and quarantine
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
   * Marks the event applied and drops its apply claim; with `entry` (the audit entry that
   * closes the event's application), appends it in the same atomic step, so a crash leaves
   * both or neither: a retry never audits an applied event twice.
   */
  markInboxApplied(eventId: EventId, at: string, entry?: AuditEntry): ResultAsync<void, StoreError>;
  /** Drops the apply claim if `holder` still holds it (an application that failed: retry at once). */
  releaseInboxClaim(eventId: EventId, holder: string): ResultAsync<void, StoreError>;
  listPendingInbox(limit: number): ResultAsync<readonly InboxEvent[], StoreError>;
  /**
   * Retention: forgets up to `limit` inbox events whose retention ended before `now`
   * (their ids, claims and index entries). Returns how many were forgotten.
   */
  pruneInbox(now: string, limit: number): ResultAsync<number, StoreError>;
  quarantine(delivery: QuarantinedDelivery): ResultAsync<void, StoreError>;
  listQuarantine(limit: number): ResultAsync<readonly QuarantinedDelivery[], StoreError>;

  // Audit log (append-only) and clean-day records
  appendAudit(entry: AuditEntry): ResultAsync<void, StoreError>;
  listAudit(query: AuditQuery): ResultAsync<readonly AuditEntry[], StoreError>;
  /** The oldest `limit` audit entries, in the order they were appended (archival reads from here). */
  listAuditHead(limit: number): ResultAsync<readonly AuditEntry[], StoreError>;
  /**
   * Archival: removes entries from the head of the audit log while they match `ids` in
   * order, and from every audit index, so only entries an archive already holds are ever
   * dropped (a newer head, or a head another archiver took, stops it). Returns how many
   * were removed.
   */
  dropAuditHead(ids: readonly string[]): ResultAsync<number, StoreError>;
  putDayRecord(record: DayRecord): ResultAsync<void, StoreError>;
  listDayRecords(limit: number): ResultAsync<readonly DayRecord[], StoreError>;

  // Maintenance: whole-store copy and repair (cutover, drift reconciliation); not for the hot path.
  /** Every durable record, ordered by `storeRecordKey`. */
  exportRecords(): ResultAsync<readonly StoreRecord[], StoreError>;
  /**
   * Writes each record as given, replacing whatever the store held under its key and
   * keeping every index consistent (identity index, status listings...). Operator-driven.
   */
  importRecords(records: readonly StoreRecord[]): ResultAsync<void, StoreError>;

  health(): ResultAsync<StoreHealth, never>;
  close(): Promise<void>;
}
export const StateStore = token<StateStore>('StateStore');
