import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { LeadMergeRequest } from '../ports/identity-store.js';
import type { SuppressionQuery } from '../ports/suppression-list.js';
import type { ErasureReport } from '../ports/erasure-store.js';
import type { ErasurePlan } from '../lead/erasure.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Batch } from '../batch/batch.js';
import type { CadenceStop } from '../cadence/cadence.js';
import type { Card } from '../card/card.js';
import type { DayRecord } from '../clean-days.js';
import type { Controls } from '../controls/controls.js';
import type { BatchId, CardId, EventId, LeadId, TraceId } from '../ids.js';
import type { IdentityKey } from '../lead/identity.js';
import type { Lead } from '../lead/lead.js';
import type { ClaimRefused, FirstTouch, LedgerEntry, OutcomeRefused, OutcomeRequest, SendClaimRequest } from '../ledger/send-ledger.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type {
  AuditQuery,
  CardQuery,
  InboxEvent,
  InboxClaim,
  InboxRecord,
  LeadQuery,
  LedgerQuery,
  Page,
  QuarantinedDelivery,
  StateStore,
  StoreHealth,
} from '../ports/state-store.js';
import type { StoreError, VersionConflict } from '../ports/store-error.js';
import { storeRecordKey, type StoreRecord } from '../ports/store-record.js';
import { canonicalJson } from '../shared/canonical-json.js';
import type { Suppression, SuppressionTarget } from '../suppression/suppression.js';
import type { DriftRecord, DriftReport } from './drift.js';

export interface DualStateStoreOptions {
  /** STATE_DUAL_READ_ENABLED: shadow-read the secondary and report every mismatch. */
  readonly dualRead: boolean;
  /** STATE_FILE_FALLBACK_WRITE: also apply every write to the secondary. */
  readonly fallbackWrite: boolean;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

const describe = (value: unknown): string => {
  const text = canonicalJson(value ?? null);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

const errorText = (error: unknown): string => describe(error);

/**
 * The cutover combinator over two `StateStore`s (architecture section 4): the primary
 * (Redis) answers every call; with `dualRead` the secondary (file) is read too and every
 * difference is reported; with `fallbackWrite` every write that the primary accepted is
 * applied to the secondary as well, and a write only one store took is recorded for
 * repair. Drift is never resolved silently: each record is kept (see `drift()`), audited
 * in the primary, and a card with unrepaired drift is refused by `claimSend`, so no send
 * decision is made from a divergent card. No I/O of its own, so it lives in core.
 *
 * @category adapters
 */
export class DualStateStore implements StateStore {
  private readonly unrepaired = new Map<string, DriftRecord>();
  private readMismatches = 0;
  private partialWrites = 0;

  constructor(
    readonly primary: StateStore,
    readonly secondary: StateStore,
    private readonly options: DualStateStoreOptions,
  ) {}

  /** The drift metrics: counts since start and every unrepaired record. */
  drift(): DriftReport {
    const unrepaired = [...this.unrepaired.values()].sort((a, b) => (a.detectedAt < b.detectedAt ? -1 : 1));
    return {
      readMismatches: this.readMismatches,
      partialWrites: this.partialWrites,
      unrepaired,
      oldestUnrepairedAt: unrepaired[0]?.detectedAt ?? null,
    };
  }

  /** Forgets drift on these keys after an operator repaired them (audited by the caller). */
  markRepaired(keys: readonly string[]): void {
    for (const key of keys) this.unrepaired.delete(key);
  }

  private record(kind: DriftRecord['kind'], keys: readonly string[], operation: string, detail: string): ResultAsync<void, never> {
    const at = this.options.clock.now().toISOString();
    if (kind === 'read_mismatch') this.readMismatches++;
    else this.partialWrites++;
    for (const key of keys) this.unrepaired.set(key, { key, kind, operation, detectedAt: this.unrepaired.get(key)?.detectedAt ?? at, detail });
    const entry: AuditEntry = {
      id: this.options.ids.next('audit'),
      trace: { traceId: `drift_${at}` as TraceId, actor: 'system:dual-store', at, origin: 'scheduler' },
      action: kind === 'read_mismatch' ? 'store.drift_detected' : 'store.partial_write',
      detail: { keys, operation, detail },
    };
    // Best effort: the drift is already in memory and in the metrics if the audit write fails.
    return ResultAsync.fromSafePromise(this.primary.appendAudit(entry).then(() => undefined));
  }

  /** Answers from the primary; with dual reads on, compares the secondary's answer. */
  private read<T>(operation: string, keys: readonly string[], run: (store: StateStore) => ResultAsync<T, StoreError>): ResultAsync<T, StoreError> {
    if (!this.options.dualRead) return run(this.primary);
    return ResultAsync.fromSafePromise(Promise.all([run(this.primary), run(this.secondary)])).andThen(([primary, secondary]) => {
      if (primary.isErr()) return errAsync(primary.error);
      const same = secondary.isOk() && canonicalJson(secondary.value ?? null) === canonicalJson(primary.value ?? null);
      if (same) return okAsync(primary.value);
      const detail = secondary.isErr()
        ? `secondary failed: ${errorText(secondary.error)}`
        : `primary ${describe(primary.value)} != secondary ${describe(secondary.value)}`;
      return this.record('read_mismatch', keys, operation, detail).map(() => primary.value);
    });
  }

  /** Writes the primary; with fallback writes on, then the secondary, recording a partial write. */
  private write<T, E extends { readonly _tag: string }>(
    operation: string,
    keys: readonly string[],
    run: (store: StateStore) => ResultAsync<T, E>,
  ): ResultAsync<T, E> {
    return run(this.primary).andThen((value) => {
      if (!this.options.fallbackWrite) return okAsync<T, E>(value);
      return ResultAsync.fromSafePromise(run(this.secondary)).andThen((secondary) =>
        secondary.isOk() ? okAsync<T, E>(value) : this.record('partial_write', keys, operation, `secondary refused: ${errorText(secondary.error)}`).map(() => value),
      );
    });
  }

  private divergent(keys: readonly string[]): string | undefined {
    return keys.find((k) => this.unrepaired.has(k));
  }

  // Leads
  getLead(id: LeadId): ResultAsync<Lead | null, StoreError> {
    return this.read('getLead', [`lead:${id}`], (s) => s.getLead(id));
  }
  findLeadsByKeys(keys: readonly IdentityKey[]): ResultAsync<readonly Lead[], StoreError> {
    return this.read('findLeadsByKeys', keys.map((k) => `lead-key:${k}`), (s) => s.findLeadsByKeys(keys));
  }
  putLead(lead: Lead, expectedVersion: number | null): ResultAsync<Lead, StoreError | VersionConflict> {
    return this.write('putLead', [`lead:${lead.id}`], (s) => s.putLead(lead, expectedVersion));
  }
  listLeads(query: LeadQuery): ResultAsync<Page<Lead>, StoreError> {
    return this.read('listLeads', [`leads:${canonicalJson(query)}`], (s) => s.listLeads(query));
  }

  // Identity
  saveMergedLead(request: LeadMergeRequest): ResultAsync<Lead, StoreError | VersionConflict> {
    return this.write('saveMergedLead', [`lead:${request.lead.id}`, ...request.absorbed.map((a) => `lead-alias:${a.id}`)], (s) => s.saveMergedLead(request));
  }
  erasePerson(plan: ErasurePlan): ResultAsync<ErasureReport, StoreError> {
    // Both stores must forget the person, whatever the write mode: an erasure is never partial on purpose.
    return this.primary.erasePerson(plan).andThen((report) => this.secondary.erasePerson(plan).map(() => report));
  }
  resolveLeadId(id: LeadId): ResultAsync<LeadId | null, StoreError> {
    return this.read('resolveLeadId', [`lead-alias:${id}`], (s) => s.resolveLeadId(id));
  }
  listAliases(survivor: LeadId): ResultAsync<readonly LeadId[], StoreError> {
    return this.read('listAliases', [`lead-aliases:${survivor}`], (s) => s.listAliases(survivor));
  }

  // Cards
  getCard(id: CardId): ResultAsync<Card | null, StoreError> {
    return this.read('getCard', [`card:${id}`], (s) => s.getCard(id));
  }
  putCard(card: Card, expectedVersion: number | null): ResultAsync<Card, StoreError | VersionConflict> {
    return this.write('putCard', [`card:${card.id}`], (s) => s.putCard(card, expectedVersion));
  }
  listCards(query: CardQuery): ResultAsync<Page<Card>, StoreError> {
    return this.read('listCards', [`cards:${canonicalJson(query)}`], (s) => s.listCards(query));
  }

  // Batches
  getBatch(id: BatchId): ResultAsync<Batch | null, StoreError> {
    return this.read('getBatch', [`batch:${id}`], (s) => s.getBatch(id));
  }
  putBatch(batch: Batch, expectedVersion: number | null): ResultAsync<Batch, StoreError | VersionConflict> {
    return this.write('putBatch', [`batch:${batch.id}`], (s) => s.putBatch(batch, expectedVersion));
  }

  // Send ledger
  claimSend(request: SendClaimRequest): ResultAsync<LedgerEntry, StoreError | ClaimRefused> {
    const blocked = this.divergent([`card:${request.cardId}`, `ledger:${request.cardId}#${request.step}`, ...request.leadKeys.map((k) => `touch:${k}`)]);
    if (blocked) return errAsync({ _tag: 'StoreBlocked', reason: `${blocked} differs between the stores and is not repaired yet; run reconcile` });
    return this.write('claimSend', [`ledger:${request.cardId}#${request.step}`, `card:${request.cardId}`, ...request.leadKeys.map((k) => `touch:${k}`)], (s) => s.claimSend(request));
  }
  recordOutcome(request: OutcomeRequest): ResultAsync<LedgerEntry, StoreError | OutcomeRefused> {
    return this.write('recordOutcome', [`ledger:${request.cardId}#${request.step}`, `card:${request.cardId}`], (s) => s.recordOutcome(request));
  }
  getLedgerEntry(cardId: CardId, step: number): ResultAsync<LedgerEntry | null, StoreError> {
    return this.read('getLedgerEntry', [`ledger:${cardId}#${step}`], (s) => s.getLedgerEntry(cardId, step));
  }
  listLedger(query: LedgerQuery): ResultAsync<Page<LedgerEntry>, StoreError> {
    return this.read('listLedger', [`ledger-list:${canonicalJson(query)}`], (s) => s.listLedger(query));
  }
  getFirstTouches(keys: readonly IdentityKey[]): ResultAsync<readonly FirstTouch[], StoreError> {
    return this.read('getFirstTouches', keys.map((k) => `touch:${k}`), (s) => s.getFirstTouches(keys));
  }
  countDaySends(dayKey: string): ResultAsync<number, StoreError> {
    return this.read('countDaySends', [`day:${dayKey}`], (s) => s.countDaySends(dayKey));
  }

  // Suppression and cadence stops
  addSuppression(suppression: Suppression): ResultAsync<void, StoreError> {
    return this.write('addSuppression', [`suppression:${suppression.target}`], (s) => s.addSuppression(suppression));
  }
  findSuppressions(targets: readonly SuppressionTarget[]): ResultAsync<readonly Suppression[], StoreError> {
    return this.read('findSuppressions', targets.map((t) => `suppression:${t}`), (s) => s.findSuppressions(targets));
  }
  listSuppressions(query: SuppressionQuery): ResultAsync<Page<Suppression>, StoreError> {
    return this.read('listSuppressions', [`suppressions:${canonicalJson(query)}`], (s) => s.listSuppressions(query));
  }
  removeSuppression(target: SuppressionTarget): ResultAsync<Suppression | null, StoreError> {
    return this.write('removeSuppression', [`suppression:${target}`], (s) => s.removeSuppression(target));
  }
  addCadenceStop(stop: CadenceStop): ResultAsync<void, StoreError> {
    return this.write('addCadenceStop', [`stop:${stop.identityKey}`], (s) => s.addCadenceStop(stop));
  }
  findCadenceStops(keys: readonly IdentityKey[]): ResultAsync<readonly CadenceStop[], StoreError> {
    return this.read('findCadenceStops', keys.map((k) => `stop:${k}`), (s) => s.findCadenceStops(keys));
  }

  // Controls
  getControls(): ResultAsync<Controls, StoreError> {
    return this.read('getControls', ['controls'], (s) => s.getControls());
  }
  putControls(controls: Controls, expectedVersion: number): ResultAsync<Controls, StoreError | VersionConflict> {
    return this.write('putControls', ['controls'], (s) => s.putControls(controls, expectedVersion));
  }

  // Inbox and quarantine: written to both, read from the primary only (delivery bookkeeping,
  // not business state; their timing legitimately differs between stores).
  recordInboxEvent(event: Omit<InboxEvent, 'applied'>, claim?: InboxClaim): ResultAsync<InboxRecord, StoreError> {
    return this.write('recordInboxEvent', [`inbox:${event.eventId}`], (s) => s.recordInboxEvent(event, claim));
  }
  recordAppliedInboxEvent(event: Omit<InboxEvent, 'applied'>, entry: AuditEntry): ResultAsync<InboxRecord, StoreError> {
    return this.write('recordAppliedInboxEvent', [`inbox:${event.eventId}`, `audit:${entry.id}`], (s) => s.recordAppliedInboxEvent(event, entry));
  }
  markInboxApplied(eventId: EventId, at: string, entry?: AuditEntry): ResultAsync<void, StoreError> {
    return this.write('markInboxApplied', [`inbox:${eventId}`, ...(entry ? [`audit:${entry.id}`] : [])], (s) => s.markInboxApplied(eventId, at, entry));
  }
  releaseInboxClaim(eventId: EventId, holder: string): ResultAsync<void, StoreError> {
    return this.write('releaseInboxClaim', [`inbox:${eventId}`], (s) => s.releaseInboxClaim(eventId, holder));
  }
  pruneInbox(now: string, limit: number): ResultAsync<number, StoreError> {
    return this.write('pruneInbox', ['inbox:retention'], (s) => s.pruneInbox(now, limit));
  }
  listPendingInbox(limit: number): ResultAsync<readonly InboxEvent[], StoreError> {
    return this.primary.listPendingInbox(limit);
  }
  quarantine(delivery: QuarantinedDelivery): ResultAsync<void, StoreError> {
    return this.write('quarantine', [`quarantine:${delivery.id}`], (s) => s.quarantine(delivery));
  }
  listQuarantine(limit: number): ResultAsync<readonly QuarantinedDelivery[], StoreError> {
    return this.primary.listQuarantine(limit);
  }

  // Audit (the primary's log also holds the drift entries) and day records
  appendAudit(entry: AuditEntry): ResultAsync<void, StoreError> {
    return this.write('appendAudit', [`audit:${entry.id}`], (s) => s.appendAudit(entry));
  }
  listAudit(query: AuditQuery): ResultAsync<readonly AuditEntry[], StoreError> {
    return this.primary.listAudit(query);
  }
  listAuditHead(limit: number): ResultAsync<readonly AuditEntry[], StoreError> {
    return this.primary.listAuditHead(limit);
  }
  /** Drops on both when writes go to both: the secondary drops only the same ids at its own head. */
  dropAuditHead(ids: readonly string[]): ResultAsync<number, StoreError> {
    return this.write('dropAuditHead', ['audit:head'], (s) => s.dropAuditHead(ids));
  }
  putDayRecord(record: DayRecord): ResultAsync<void, StoreError> {
    return this.write('putDayRecord', [`day-record:${record.day}`], (s) => s.putDayRecord(record));
  }
  listDayRecords(limit: number): ResultAsync<readonly DayRecord[], StoreError> {
    return this.read('listDayRecords', [`day-records:${limit}`], (s) => s.listDayRecords(limit));
  }

  /** The primary's records (reconciliation reads each store directly). */
  exportRecords(): ResultAsync<readonly StoreRecord[], StoreError> {
    return this.primary.exportRecords();
  }

  importRecords(records: readonly StoreRecord[]): ResultAsync<void, StoreError> {
    return this.write('importRecords', records.map(storeRecordKey), (s) => s.importRecords(records));
  }

  /**
   * Healthy when the primary is. Drift is reported, not turned into unreadiness: a pod
   * taken out of rotation could not even receive the webhooks that resolve it. Sends
   * from divergent cards are refused by `claimSend` instead.
   */
  health(): ResultAsync<StoreHealth, never> {
    return ResultAsync.combine([this.primary.health(), this.secondary.health()] as const).map(([primary, secondary]): StoreHealth => {
      const drift = this.drift();
      const blocked = primary.sendsBlocked;
      return {
        ok: primary.ok,
        backend: `dual(${primary.backend}+${secondary.backend})`,
        ...(blocked ? { sendsBlocked: blocked } : {}),
        detail: {
          primary,
          secondary,
          dualRead: this.options.dualRead,
          fallbackWrite: this.options.fallbackWrite,
          readMismatches: drift.readMismatches,
          partialWrites: drift.partialWrites,
          unrepaired: drift.unrepaired.length,
          oldestUnrepairedAt: drift.oldestUnrepairedAt,
        },
      };
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.secondary.close()]);
  }
}
