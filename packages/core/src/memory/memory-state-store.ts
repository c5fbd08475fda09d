import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Batch } from '../batch/batch.js';
import type { CadenceStop } from '../cadence/cadence.js';
import type { Card } from '../card/card.js';
import type { DayRecord } from '../clean-days.js';
import { initialControls, type Controls } from '../controls/controls.js';
import type { BatchId, CardId, EventId, LeadId } from '../ids.js';
import type { IdentityKey } from '../lead/identity.js';
import type { Lead } from '../lead/lead.js';
import {
  claimedEntry,
  type ClaimRefusalReason,
  type ClaimRefused,
  type Fence,
  type FirstTouch,
  type LedgerEntry,
  type OutcomeRefused,
  type OutcomeRequest,
  type SendClaimRequest,
} from '../ledger/send-ledger.js';
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
import { jsonCopy } from '../shared/json-copy.js';
import type { Suppression, SuppressionTarget } from '../suppression/suppression.js';
import type { LeadMergeRequest } from '../ports/identity-store.js';
import type { SuppressionQuery } from '../ports/suppression-list.js';
import type { ErasureReport } from '../ports/erasure-store.js';
import type { ErasurePlan } from '../lead/erasure.js';
import { applyErasure } from './memory-erasure.js';
import { applyLeadMerge, claimKeys, indexLeadKeys, personRefusal, resolveLead } from './memory-identity.js';
import { pageById } from './page.js';

const ledgerId = (cardId: string, step: number): string => `${cardId}#${step}`;
// Stored values are plain JSON data, so a JSON round trip is a faithful deep copy
// (jsonCopy gives the same result without the text in between).
const clone = <T>(value: T): T => jsonCopy(value);

const refuse = (reason: ClaimRefusalReason, detail: string): ClaimRefused => ({ _tag: 'ClaimRefused', reason, detail });
const outcomeRefused = (reason: OutcomeRefused['reason'], detail: string): OutcomeRefused => ({ _tag: 'OutcomeRefused', reason, detail });

/** Which outcome transitions the ledger allows (repeating the current state is a no-op). */
const OUTCOME_TRANSITIONS: Readonly<Record<LedgerEntry['state'], readonly LedgerEntry['state'][]>> = {
  sending: ['sent', 'failed', 'unknown'],
  unknown: ['sent', 'failed'],
  sent: [],
  failed: [],
};

/** The whole state as plain data: what a snapshot compares and what faults corrupt. */
export interface MemoryState {
  leads: Record<string, Lead>;
  /** Lead id merged into another -> the survivor's id (one hop). */
  aliases: Record<string, LeadId>;
  identityIndex: Record<string, LeadId>;
  cards: Record<string, Card>;
  batches: Record<string, Batch>;
  ledger: Record<string, LedgerEntry>;
  /** Ledger ids per identity key (derived from `ledger`): a lead's sends without a scan. */
  ledgerByKey: Record<string, string[]>;
  firstTouches: Record<string, FirstTouch>;
  daySends: Record<string, number>;
  fences: Record<string, number>;
  suppressions: Record<string, Suppression>;
  cadenceStops: Record<string, CadenceStop>;
  controls: Controls | null;
  inbox: Record<string, InboxEvent>;
  /** Live apply claims by event id (bookkeeping of deliveries in progress, never exported). */
  inboxClaims: Record<string, { holder: string; until: string }>;
  quarantine: QuarantinedDelivery[];
  audit: AuditEntry[];
  dayRecords: Record<string, DayRecord>;
}

export const emptyMemoryState = (): MemoryState => ({
  leads: {},
  aliases: {},
  identityIndex: {},
  cards: {},
  batches: {},
  ledger: {},
  ledgerByKey: {},
  firstTouches: {},
  daySends: {},
  fences: {},
  suppressions: {},
  cadenceStops: {},
  controls: null,
  inbox: {},
  inboxClaims: {},
  quarantine: [],
  audit: [],
  dayRecords: {},
});

/** Adds one ledger entry to the per-identity-key index (a new array, so a journal sees the change). */
const indexLedgerEntry = (s: Pick<MemoryState, 'ledgerByKey'>, entry: LedgerEntry): void => {
  const id = ledgerId(entry.cardId, entry.step);
  for (const key of new Set(entry.leadKeys)) {
    const ids = s.ledgerByKey[key] ?? [];
    if (!ids.includes(id)) s.ledgerByKey[key] = [...ids, id];
  }
};

/**
 * The per-identity-key ledger index of a whole ledger (for states written before the
 * index existed).
 *
 * @category adapters
 */
export const indexLedgerByKey = (ledger: Readonly<Record<string, LedgerEntry>>): Record<string, string[]> => {
  const index: Pick<MemoryState, 'ledgerByKey'> = { ledgerByKey: {} };
  for (const entry of Object.values(ledger)) indexLedgerEntry(index, entry);
  return index.ledgerByKey;
};

/**
 * The reference `StateStore`, as a pure state machine over plain data: every semantic
 * the contract suite checks is defined here first, in the plainest code. Each method
 * mutates the state synchronously before it returns, so each is atomic even when callers
 * interleave across awaits. The file store runs this same machine over a journaled
 * view of its state; testkit's `InMemoryStateStore` adds fault injection for tests.
 * `snapshot` returns the canonical JSON of the whole state.
 *
 * @category adapters
 */
export class MemoryStateStore implements StateStore {
  protected state: MemoryState;
  protected readonly faults: StoreError[] = [];
  private closed = false;

  constructor(
    protected readonly now: () => Date = () => new Date(),
    initial: MemoryState = emptyMemoryState(),
  ) {
    this.state = clone(initial);
    // A state saved before the ledger index existed: derive it.
    if (!(this.state as Partial<MemoryState>).ledgerByKey) this.state.ledgerByKey = indexLedgerByKey(this.state.ledger);
    // A state saved before merges existed has no aliases.
    this.state.aliases ??= {};
  }

  snapshot(): string {
    return canonicalJson(this.state);
  }

  /** A copy of the raw state (for models and restarts in tests). */
  dump(): MemoryState {
    return clone(this.state);
  }

  /** Every operation runs its body through here: the seam durable subclasses wrap. */
  protected run<T, E>(body: () => ResultAsync<T, E | StoreError>): ResultAsync<T, E | StoreError> {
    if (this.closed) return errAsync({ _tag: 'StoreUnavailable', message: 'store is closed' });
    const fault = this.faults.shift();
    if (fault) return errAsync(fault);
    return body();
  }

  private value<T>(body: () => T): ResultAsync<T, StoreError> {
    return this.run(() => okAsync(clone(body())));
  }

  private cas<T extends { version: number }>(
    entity: VersionConflict['entity'],
    tableName: 'leads' | 'cards' | 'batches',
    id: string,
    record: T,
    expectedVersion: number | null,
    onWrite?: (record: T) => void,
  ): ResultAsync<T, StoreError | VersionConflict> {
    return this.run<T, VersionConflict>(() => {
      // Resolved inside run: a durable subclass may have swapped in a journaled view.
      const table = this.state[tableName] as unknown as Record<string, T>;
      const current = table[id];
      const actual = current?.version ?? null;
      if (actual !== expectedVersion) return errAsync({ _tag: 'VersionConflict', entity, id, expected: expectedVersion, actual });
      table[id] = clone(record);
      onWrite?.(record);
      return okAsync(clone(record));
    });
  }

  private fenceIsStale(fence: Fence | undefined): boolean {
    if (!fence) return false;
    const highest = this.state.fences[fence.resource] ?? 0;
    if (fence.token < highest) return true;
    this.state.fences[fence.resource] = fence.token;
    return false;
  }

  // Leads
  getLead(id: LeadId): ResultAsync<Lead | null, StoreError> {
    return this.value(() => resolveLead(this.state, id) ?? null);
  }

  findLeadsByKeys(keys: readonly IdentityKey[]): ResultAsync<readonly Lead[], StoreError> {
    return this.value(() => {
      const leads = keys.flatMap((k) => (this.state.identityIndex[k] === undefined ? [] : [resolveLead(this.state, this.state.identityIndex[k])]));
      const ids = [...new Set(leads.flatMap((l) => (l ? [l.id] : [])))];
      return ids.sort().map((id) => this.state.leads[id]!);
    });
  }

  putLead(lead: Lead, expectedVersion: number | null): ResultAsync<Lead, StoreError | VersionConflict> {
    return this.cas('lead', 'leads', lead.id, lead, expectedVersion, (written) => indexLeadKeys(this.state, written));
  }

  // Identity
  saveMergedLead(request: LeadMergeRequest): ResultAsync<Lead, StoreError | VersionConflict> {
    return this.run<Lead, VersionConflict>(() => {
      const result = applyLeadMerge(this.state, request);
      return '_tag' in result ? errAsync(result) : okAsync(clone(result));
    });
  }

  erasePerson(plan: ErasurePlan): ResultAsync<ErasureReport, StoreError> {
    return this.value(() => {
      const report = applyErasure(this.state, plan);
      this.erased();
      return report;
    });
  }

  /** Called inside the erasure's atomic step: a durable store leaves no copy in clear behind. */
  protected erased(): void {}

  resolveLeadId(id: LeadId): ResultAsync<LeadId | null, StoreError> {
    return this.value(() => resolveLead(this.state, id)?.id ?? null);
  }

  listAliases(survivor: LeadId): ResultAsync<readonly LeadId[], StoreError> {
    return this.value(() => Object.keys(this.state.aliases).filter((id) => this.state.aliases[id] === survivor).sort() as LeadId[]);
  }

  listLeads(query: LeadQuery): ResultAsync<Page<Lead>, StoreError> {
    return this.value(() => {
      const all = Object.values(this.state.leads)
        .filter((l) => query.sourceLabel === undefined || l.sourceLabel === query.sourceLabel)
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      return pageById(all, (l) => l.id, query.limit, query.after);
    });
  }

  // Cards
  getCard(id: CardId): ResultAsync<Card | null, StoreError> {
    return this.value(() => this.state.cards[id] ?? null);
  }

  putCard(card: Card, expectedVersion: number | null): ResultAsync<Card, StoreError | VersionConflict> {
    return this.cas('card', 'cards', card.id, card, expectedVersion);
  }

  listCards(query: CardQuery): ResultAsync<Page<Card>, StoreError> {
    return this.value(() => {
      const all = Object.values(this.state.cards)
        .filter((c) => query.status === undefined || c.status === query.status)
        .filter((c) => query.channel === undefined || c.channel === query.channel)
        // A merged lead's cards are the survivor's: compare the ids each stands for.
        .filter((c) => query.leadId === undefined || (this.state.aliases[c.leadId] ?? c.leadId) === (this.state.aliases[query.leadId] ?? query.leadId))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      return pageById(all, (c) => c.id, query.limit, query.after);
    });
  }

  // Batches
  getBatch(id: BatchId): ResultAsync<Batch | null, StoreError> {
    return this.value(() => this.state.batches[id] ?? null);
  }

  putBatch(batch: Batch, expectedVersion: number | null): ResultAsync<Batch, StoreError | VersionConflict> {
    return this.cas('batch', 'batches', batch.id, batch, expectedVersion);
  }

  // Send ledger
  claimSend(request: SendClaimRequest): ResultAsync<LedgerEntry, StoreError | ClaimRefused> {
    return this.run<LedgerEntry, ClaimRefused>(() => {
      const s = this.state;
      const card = s.cards[request.cardId];
      if (!card) return errAsync(refuse('card_not_found', `card ${request.cardId} does not exist`));
      if (s.controls?.emergencyStop.engaged) return errAsync(refuse('emergency_stop', 'the emergency stop is engaged'));
      if (s.ledger[ledgerId(request.cardId, request.step)]) {
        return errAsync(refuse('card_step_claimed', `card ${request.cardId} step ${request.step} was already claimed`));
      }
      if (card.status !== 'queued') return errAsync(refuse('card_not_queued', `card is ${card.status}, not queued`));
      if (card.version !== request.expectedVersion) {
        return errAsync(refuse('version_mismatch', `card is at version ${card.version}, expected ${request.expectedVersion}`));
      }
      if (card.contentDigest !== request.contentDigest) return errAsync(refuse('digest_mismatch', 'card content changed'));
      // The person as it is now, not as it was when the card was crafted.
      const keys = claimKeys(s, card.leadId, request.leadKeys);
      for (const key of keys) {
        const touch = s.firstTouches[key];
        if (!touch) continue;
        if (touch.channel !== request.channel) {
          return errAsync(refuse('channel_locked', `${key} is bound to ${touch.channel} by card ${touch.cardId}`));
        }
        if (request.step === 0 && touch.cardId !== request.cardId) {
          return errAsync(refuse('lead_already_touched', `${key} was first touched by card ${touch.cardId}`));
        }
      }
      const person = personRefusal(s, request, keys);
      if (person) return errAsync(refuse(person.reason, person.detail));
      const sentToday = s.daySends[request.dayKey] ?? 0;
      if (sentToday >= request.dailyCap) {
        return errAsync(refuse('daily_cap_reached', `${sentToday} of ${request.dailyCap} sends used on ${request.dayKey}`));
      }
      if (this.fenceIsStale(request.fence)) return errAsync(refuse('stale_fence', `fence ${request.fence?.token} is stale`));

      const at = request.trace.at;
      const entry = claimedEntry(request, keys);
      s.ledger[ledgerId(request.cardId, request.step)] = entry;
      indexLedgerEntry(s, entry);
      if (request.step === 0) {
        for (const key of keys) s.firstTouches[key] = { identityKey: key, cardId: request.cardId, channel: request.channel, at };
      }
      s.daySends[request.dayKey] = sentToday + 1;
      s.cards[card.id] = { ...card, status: 'sending', version: card.version + 1, updatedAt: at };
      return okAsync(clone(entry));
    });
  }

  recordOutcome(request: OutcomeRequest): ResultAsync<LedgerEntry, StoreError | OutcomeRefused> {
    return this.run<LedgerEntry, OutcomeRefused>(() => {
      const s = this.state;
      const id = ledgerId(request.cardId, request.step);
      const entry = s.ledger[id];
      if (!entry) return errAsync(outcomeRefused('no_claim', `no claim for card ${request.cardId} step ${request.step}`));
      if (entry.attemptId !== request.attemptId) {
        return errAsync(outcomeRefused('attempt_mismatch', `claim belongs to attempt ${entry.attemptId}`));
      }
      const target = request.outcome.state;
      if (entry.state === target) return okAsync(clone(entry));
      if (!OUTCOME_TRANSITIONS[entry.state].includes(target)) {
        return errAsync(outcomeRefused('illegal_outcome', `ledger entry is ${entry.state}; cannot become ${target}`));
      }
      if (this.fenceIsStale(request.fence)) return errAsync(outcomeRefused('stale_fence', `fence ${request.fence?.token} is stale`));

      const at = request.trace.at;
      const outcome = request.outcome;
      const next: LedgerEntry = {
        ...entry,
        state: target,
        finalisedAt: at,
        ...(outcome.state === 'sent' ? { receipt: outcome.receipt } : { reason: outcome.reason }),
      };
      s.ledger[id] = next;
      if (target === 'failed' && entry.step === 0) {
        // Nothing was delivered: the lead is free for another first touch.
        for (const key of entry.leadKeys) {
          if (s.firstTouches[key]?.cardId === entry.cardId) delete s.firstTouches[key];
        }
      }
      const card = s.cards[entry.cardId];
      if (card) {
        s.cards[card.id] = {
          ...card,
          status: target,
          version: card.version + 1,
          updatedAt: at,
          ...(outcome.state === 'sent' ? { receipt: outcome.receipt } : { outcomeReason: outcome.reason }),
        };
      }
      return okAsync(clone(next));
    });
  }

  getLedgerEntry(cardId: CardId, step: number): ResultAsync<LedgerEntry | null, StoreError> {
    return this.value(() => this.state.ledger[ledgerId(cardId, step)] ?? null);
  }

  listLedger(query: LedgerQuery): ResultAsync<Page<LedgerEntry>, StoreError> {
    return this.value(() => {
      const s = this.state;
      const candidates = query.identityKey === undefined ? Object.values(s.ledger) : (s.ledgerByKey[query.identityKey] ?? []).flatMap((id) => (s.ledger[id] ? [s.ledger[id]] : []));
      const all = candidates
        .filter((e) => query.state === undefined || e.state === query.state)
        .filter((e) => query.identityKey === undefined || e.leadKeys.includes(query.identityKey))
        .sort((a, b) => (ledgerId(a.cardId, a.step) < ledgerId(b.cardId, b.step) ? -1 : 1));
      return pageById(all, (e) => ledgerId(e.cardId, e.step), query.limit, query.after);
    });
  }

  getFirstTouches(keys: readonly IdentityKey[]): ResultAsync<readonly FirstTouch[], StoreError> {
    return this.value(() => [...new Set(keys)].flatMap((k) => (this.state.firstTouches[k] ? [this.state.firstTouches[k]] : [])));
  }

  countDaySends(dayKey: string): ResultAsync<number, StoreError> {
    return this.value(() => this.state.daySends[dayKey] ?? 0);
  }

  // Suppression and cadence stops
  addSuppression(suppression: Suppression): ResultAsync<void, StoreError> {
    return this.value(() => {
      this.state.suppressions[suppression.target] ??= clone(suppression);
    });
  }

  findSuppressions(targets: readonly SuppressionTarget[]): ResultAsync<readonly Suppression[], StoreError> {
    return this.value(() => [...new Set(targets)].flatMap((t) => (this.state.suppressions[t] ? [this.state.suppressions[t]] : [])));
  }

  listSuppressions(query: SuppressionQuery): ResultAsync<Page<Suppression>, StoreError> {
    return this.value(() => {
      const all = Object.values(this.state.suppressions).sort((a, b) => (a.target < b.target ? -1 : 1));
      return pageById(all, (e) => e.target, query.limit, query.after);
    });
  }

  removeSuppression(target: SuppressionTarget): ResultAsync<Suppression | null, StoreError> {
    return this.value(() => {
      const found = this.state.suppressions[target] ?? null;
      if (found) delete this.state.suppressions[target];
      return found;
    });
  }

  addCadenceStop(stop: CadenceStop): ResultAsync<void, StoreError> {
    return this.value(() => {
      this.state.cadenceStops[stop.identityKey] ??= clone(stop);
    });
  }

  findCadenceStops(keys: readonly IdentityKey[]): ResultAsync<readonly CadenceStop[], StoreError> {
    return this.value(() => [...new Set(keys)].flatMap((k) => (this.state.cadenceStops[k] ? [this.state.cadenceStops[k]] : [])));
  }

  // Controls
  getControls(): ResultAsync<Controls, StoreError> {
    return this.value(() => this.state.controls ?? initialControls(new Date(0).toISOString()));
  }

  putControls(controls: Controls, expectedVersion: number): ResultAsync<Controls, StoreError | VersionConflict> {
    return this.run<Controls, VersionConflict>(() => {
      const actual = this.state.controls?.version ?? 0;
      if (actual !== expectedVersion) return errAsync({ _tag: 'VersionConflict', entity: 'controls', id: 'controls', expected: expectedVersion, actual });
      this.state.controls = clone(controls);
      return okAsync(clone(controls));
    });
  }

  // Inbox and quarantine
  recordInboxEvent(event: Omit<InboxEvent, 'applied'>, claim?: InboxClaim): ResultAsync<InboxRecord, StoreError> {
    return this.value((): InboxRecord => {
      const now = this.now();
      const existing = this.state.inbox[event.eventId];
      const take = () => {
        if (claim) this.state.inboxClaims[event.eventId] = { holder: claim.holder, until: new Date(now.getTime() + claim.ttlMs).toISOString() };
      };
      if (existing && existing.expiresAt > now.toISOString()) {
        if (existing.applied) return { _tag: 'Applied', event: existing };
        const held = this.state.inboxClaims[event.eventId];
        if (claim && held && held.holder !== claim.holder && held.until > now.toISOString()) return { _tag: 'InProgress', event: existing };
        take();
        return { _tag: 'Pending', event: existing };
      }
      this.state.inbox[event.eventId] = { ...clone(event), applied: false };
      take();
      return { _tag: 'New' };
    });
  }

  recordAppliedInboxEvent(event: Omit<InboxEvent, 'applied'>, entry: AuditEntry): ResultAsync<InboxRecord, StoreError> {
    return this.value((): InboxRecord => {
      const now = this.now().toISOString();
      const existing = this.state.inbox[event.eventId];
      const live = existing && existing.expiresAt > now ? existing : undefined;
      if (live?.applied) return { _tag: 'Applied', event: live };
      const held = this.state.inboxClaims[event.eventId];
      if (live && held && held.until > now) return { _tag: 'InProgress', event: live };
      this.state.inbox[event.eventId] = live ? { ...live, applied: true } : { ...clone(event), applied: true };
      if (held) delete this.state.inboxClaims[event.eventId];
      this.state.audit.push(clone(entry));
      return live ? { _tag: 'Pending', event: live } : { _tag: 'New' };
    });
  }

  markInboxApplied(eventId: EventId, _at: string, entry?: AuditEntry): ResultAsync<void, StoreError> {
    return this.value(() => {
      const existing = this.state.inbox[eventId];
      if (existing) this.state.inbox[eventId] = { ...existing, applied: true };
      if (this.state.inboxClaims[eventId]) delete this.state.inboxClaims[eventId];
      if (entry) this.state.audit.push(clone(entry));
    });
  }

  releaseInboxClaim(eventId: EventId, holder: string): ResultAsync<void, StoreError> {
    return this.value(() => {
      if (this.state.inboxClaims[eventId]?.holder === holder) delete this.state.inboxClaims[eventId];
    });
  }

  listPendingInbox(limit: number): ResultAsync<readonly InboxEvent[], StoreError> {
    return this.value(() =>
      Object.values(this.state.inbox)
        .filter((e) => !e.applied)
        .sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.eventId < b.eventId ? -1 : 1))
        .slice(0, limit),
    );
  }

  pruneInbox(now: string, limit: number): ResultAsync<number, StoreError> {
    return this.value(() => {
      const expired = Object.values(this.state.inbox)
        .filter((e) => e.expiresAt <= now)
        .slice(0, limit);
      for (const event of expired) {
        delete this.state.inbox[event.eventId];
        if (this.state.inboxClaims[event.eventId]) delete this.state.inboxClaims[event.eventId];
      }
      return expired.length;
    });
  }

  quarantine(delivery: QuarantinedDelivery): ResultAsync<void, StoreError> {
    return this.value(() => {
      this.state.quarantine.push(clone(delivery));
    });
  }

  listQuarantine(limit: number): ResultAsync<readonly QuarantinedDelivery[], StoreError> {
    return this.value(() => this.state.quarantine.slice(-limit));
  }

  // Audit and day records
  appendAudit(entry: AuditEntry): ResultAsync<void, StoreError> {
    return this.value(() => {
      this.state.audit.push(clone(entry));
    });
  }

  listAuditHead(limit: number): ResultAsync<readonly AuditEntry[], StoreError> {
    return this.value(() => this.state.audit.slice(0, Math.max(0, limit)));
  }

  dropAuditHead(ids: readonly string[]): ResultAsync<number, StoreError> {
    return this.value(() => {
      let matched = 0;
      while (matched < ids.length && this.state.audit[matched]?.id === ids[matched]) matched++;
      // One splice at the head: the file store journals it as one "drop the first n".
      if (matched > 0) this.state.audit.splice(0, matched);
      return matched;
    });
  }

  listAudit(query: AuditQuery): ResultAsync<readonly AuditEntry[], StoreError> {
    return this.value(() =>
      this.state.audit
        .filter((e) => query.traceId === undefined || e.trace.traceId === query.traceId)
        .filter((e) => query.cardId === undefined || e.cardId === query.cardId)
        .filter((e) => query.leadId === undefined || e.leadId === query.leadId)
        .slice(-(query.limit ?? 100)),
    );
  }

  putDayRecord(record: DayRecord): ResultAsync<void, StoreError> {
    return this.value(() => {
      this.state.dayRecords[record.day] = clone(record);
    });
  }

  listDayRecords(limit: number): ResultAsync<readonly DayRecord[], StoreError> {
    return this.value(() =>
      Object.values(this.state.dayRecords)
        .sort((a, b) => (a.day < b.day ? -1 : 1))
        .slice(-limit),
    );
  }

  exportRecords(): ResultAsync<readonly StoreRecord[], StoreError> {
    return this.value(() => {
      const s = this.state;
      const records: StoreRecord[] = [
        ...Object.values(s.leads).map((value): StoreRecord => ({ kind: 'lead', value })),
        ...Object.entries(s.aliases).map(([id, survivor]): StoreRecord => ({ kind: 'lead_alias', value: { id: id as LeadId, survivor } })),
        ...Object.values(s.cards).map((value): StoreRecord => ({ kind: 'card', value })),
        ...Object.values(s.batches).map((value): StoreRecord => ({ kind: 'batch', value })),
        ...Object.values(s.ledger).map((value): StoreRecord => ({ kind: 'ledger', value })),
        ...Object.values(s.firstTouches).map((value): StoreRecord => ({ kind: 'first_touch', value })),
        ...Object.entries(s.daySends).map(([dayKey, count]): StoreRecord => ({ kind: 'day_sends', value: { dayKey, count } })),
        ...Object.entries(s.fences).map(([resource, token]): StoreRecord => ({ kind: 'fence', value: { resource, token } })),
        ...Object.values(s.suppressions).map((value): StoreRecord => ({ kind: 'suppression', value })),
        ...Object.values(s.cadenceStops).map((value): StoreRecord => ({ kind: 'cadence_stop', value })),
        ...(s.controls ? [{ kind: 'controls', value: s.controls } as StoreRecord] : []),
        ...Object.values(s.inbox).map((value): StoreRecord => ({ kind: 'inbox', value })),
        ...Object.values(s.dayRecords).map((value): StoreRecord => ({ kind: 'day_record', value })),
      ];
      return records.sort((a, b) => (storeRecordKey(a) < storeRecordKey(b) ? -1 : 1));
    });
  }

  importRecords(records: readonly StoreRecord[]): ResultAsync<void, StoreError> {
    return this.value(() => {
      const s = this.state;
      for (const record of clone(records)) {
        switch (record.kind) {
          case 'lead': {
            s.leads[record.value.id] = record.value;
            indexLeadKeys(s, record.value);
            break;
          }
          case 'lead_alias':
            s.aliases[record.value.id] = record.value.survivor;
            break;
          case 'card':
            s.cards[record.value.id] = record.value;
            break;
          case 'batch':
            s.batches[record.value.id] = record.value;
            break;
          case 'ledger':
            s.ledger[ledgerId(record.value.cardId, record.value.step)] = record.value;
            indexLedgerEntry(s, record.value);
            break;
          case 'first_touch':
            s.firstTouches[record.value.identityKey] = record.value;
            break;
          case 'day_sends':
            s.daySends[record.value.dayKey] = record.value.count;
            break;
          case 'fence':
            s.fences[record.value.resource] = record.value.token;
            break;
          case 'suppression':
            s.suppressions[record.value.target] = record.value;
            break;
          case 'cadence_stop':
            s.cadenceStops[record.value.identityKey] = record.value;
            break;
          case 'controls':
            s.controls = record.value;
            break;
          case 'inbox':
            s.inbox[record.value.eventId] = record.value;
            break;
          case 'day_record':
            s.dayRecords[record.value.day] = record.value;
            break;
        }
      }
    });
  }

  health(): ResultAsync<StoreHealth, never> {
    return okAsync(this.closed ? { ok: false, backend: 'memory', sendsBlocked: 'store is closed' } : { ok: true, backend: 'memory' });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
