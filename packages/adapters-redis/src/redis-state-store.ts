import {
  claimedEntry,
  leadKeys,
  sortKeys,
  suppressionTargetsForKeys,
  type LeadMergeRequest,
  type ErasurePlan,
  type ErasureReport,
  type SuppressionQuery,
  initialControls,
  storeRecordKey,
  type AuditEntry,
  type AuditQuery,
  type Batch,
  type BatchId,
  type CadenceStop,
  type Card,
  type CardId,
  type CardQuery,
  type ClaimRefusalReason,
  type ClaimRefused,
  type Clock,
  type Controls,
  type DayRecord,
  type EventId,
  type FirstTouch,
  type IdentityKey,
  type InboxEvent,
  type InboxClaim,
  type InboxRecord,
  type Lead,
  type LeadId,
  type LeadQuery,
  type LedgerEntry,
  type LedgerQuery,
  type OutcomeRefused,
  type OutcomeRequest,
  type Page,
  type QuarantinedDelivery,
  type SendClaimRequest,
  type StateStore,
  type StoreError,
  type StoreHealth,
  type StoreRecord,
  type Suppression,
  type SuppressionTarget,
  type VersionConflict,
} from '@caio/core';
import { errAsync, ResultAsync } from 'neverthrow';
import { CorruptRecord, joinCard, joinLedger, ledgerClaimBody, parseJsonRecord, parseVersioned, splitCard } from './record-codec.js';
import { execAll } from './exec-all.js';
import type { RedisClient } from './redis-client.js';
import { RedisErasure } from './redis-erasure.js';
import { RedisIdentity } from './redis-identity.js';
import { RedisSuppressionList } from './redis-suppression-list.js';
import { RedisKeys } from './redis-keys.js';

const PAGE = 100;
const MAX_PAGE = 1000;
const LEDGER_STATES = ['sending', 'sent', 'failed', 'unknown'] as const;
const QUARANTINE_CAP = 10_000;
const DAY_MS = 86_400_000;

const ledgerId = (cardId: string, step: number): string => `${cardId}#${step}`;
const clampLimit = (limit: number | undefined): number => Math.max(1, Math.min(limit ?? PAGE, MAX_PAGE));

export const toStoreError = (error: unknown): StoreError => {
  if (error instanceof CorruptRecord) return { _tag: 'StoreCorrupt', where: error.key, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  // A command that timed out may have run: the caller must treat it as unknown.
  if (/timed? ?out/i.test(message)) return { _tag: 'StoreTimeout', message };
  // A key holds another type than the store wrote there: not transient, retrying cannot help.
  if (message.startsWith('WRONGTYPE')) return { _tag: 'StoreCorrupt', where: 'a Redis key of this store', message };
  return { _tag: 'StoreUnavailable', message };
};

/** What the store knows about its Redis beyond a ping. */
export interface RedisStatus {
  epoch: string | null;
  blocked: string | null;
}

/**
 * The shared `StateStore` on Redis (or Redis Cluster). Every multi-key transition is one
 * Lua script over keys of one hash tag (see `RedisKeys`); cards and ledger entries keep
 * their mutable fields in a hash so scripts never re-encode JSON. Send-path scripts
 * check the epoch marker this instance saw, so a flushed or replaced database refuses
 * sends (`StoreBlocked`) instead of reading "nothing was sent". The client fails closed:
 * no offline queue, a command timeout (`StoreTimeout`: maybe applied), no resend.
 *
 * @category adapters
 */
export class RedisStateStore implements StateStore {
  readonly keys: RedisKeys;
  private readonly identity: RedisIdentity;
  private readonly suppressionList: RedisSuppressionList;
  private readonly erasure: RedisErasure;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly clock: Clock,
    private readonly status: RedisStatus,
    private readonly healthCheck: () => Promise<StoreHealth>,
  ) {
    this.keys = new RedisKeys(prefix);
    this.identity = new RedisIdentity(redis, this.keys);
    this.suppressionList = new RedisSuppressionList(redis, this.keys);
    this.erasure = new RedisErasure(redis, this.keys, (ids) => this.loadLeads(ids), (ids) => this.loadCards(ids));
  }

  private call<T>(work: () => Promise<T>): ResultAsync<T, StoreError> {
    return ResultAsync.fromPromise(work(), toStoreError);
  }

  private blockedError(): StoreError | null {
    return this.status.blocked ? { _tag: 'StoreBlocked', reason: this.status.blocked } : null;
  }

  private async range(index: string, after: string | undefined, count: number): Promise<string[]> {
    return this.redis.zrangebylex(index, after === undefined ? '-' : `(${after}`, '+', 'LIMIT', 0, count);
  }

  /** Pages an index, loading and filtering members until `limit + 1` match. */
  private async pageIndex<T>(index: string, query: { limit?: number; after?: string }, load: (ids: string[]) => Promise<(T | null)[]>, keep: (item: T) => boolean, idOf: (item: T) => string): Promise<Page<T>> {
    const limit = clampLimit(query.limit);
    const found: T[] = [];
    let after = query.after;
    for (;;) {
      const ids = await this.range(index, after, Math.max(limit + 1, 200));
      if (ids.length === 0) break;
      for (const item of await load(ids)) if (item && keep(item)) found.push(item);
      if (found.length > limit) break;
      after = ids.at(-1);
    }
    const items = found.slice(0, limit);
    const last = items.at(-1);
    return found.length > limit && last ? { items, next: idOf(last) } : { items };
  }

  // Leads
  private async loadLeads(ids: readonly string[]): Promise<(Lead | null)[]> {
    if (ids.length === 0) return [];
    const values = await this.redis.mget(...ids.map((id) => this.keys.lead(id)));
    return values.map((v, i) => (v === null ? null : parseVersioned<Lead>(this.keys.lead(ids[i]!), v)));
  }

  /** A lead by id, or by the id of a lead merged into it. */
  private async liveLead(id: string): Promise<Lead | null> {
    const lead = (await this.loadLeads([id]))[0] ?? null;
    if (lead) return lead;
    const root = await this.identity.rootOf(id);
    return root === id ? null : ((await this.loadLeads([root]))[0] ?? null);
  }

  getLead(id: LeadId): ResultAsync<Lead | null, StoreError> {
    return this.call(() => this.liveLead(id));
  }

  findLeadsByKeys(keys: readonly IdentityKey[]): ResultAsync<readonly Lead[], StoreError> {
    return this.call(async () => {
      if (keys.length === 0) return [];
      const ids = [...new Set((await this.redis.mget(...keys.map((k) => this.keys.identity(k)))).filter((v): v is string => v !== null))].sort();
      const leads = await Promise.all(ids.map((id) => this.liveLead(id)));
      return [...new Map(leads.flatMap((l) => (l ? [[l.id, l] as const] : []))).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    });
  }

  /** Migration at connect: person sets for leads written before persons existed (see `RedisIdentity`). */
  buildMissingPersons(): Promise<number> {
    return this.identity.buildMissingPersons((ids) => this.loadLeads(ids));
  }

  // Identity
  saveMergedLead(request: LeadMergeRequest): ResultAsync<Lead, StoreError | VersionConflict> {
    return this.call(async () => {
      const [current, ...absorbed] = await this.loadLeads([request.lead.id, ...request.absorbed.map((a) => a.id)]);
      await this.identity.link(request.lead.id, request.absorbed.map((a) => a.id), leadKeys(request.lead));
      return this.identity.writeLeads(request, current ?? null, absorbed.filter((l): l is Lead => l !== null));
    }).andThen((r) => ('_tag' in r ? errAsync(r) : ResultAsync.fromSafePromise(Promise.resolve(r))));
  }

  erasePerson(plan: ErasurePlan): ResultAsync<ErasureReport, StoreError> {
    return this.call(() => this.erasure.erase(plan));
  }

  resolveLeadId(id: LeadId): ResultAsync<LeadId | null, StoreError> {
    return this.call(async () => ((await this.liveLead(id))?.id ?? null) as LeadId | null);
  }

  listAliases(survivor: LeadId): ResultAsync<readonly LeadId[], StoreError> {
    return this.call(() => this.identity.aliasesOf(survivor));
  }

  private versionConflict(entity: VersionConflict['entity'], id: string, expected: number | null, actual: string | number | null | undefined): VersionConflict {
    return { _tag: 'VersionConflict', entity, id, expected, actual: actual === null || actual === undefined || actual === '' ? null : Number(actual) };
  }

  putLead(lead: Lead, expectedVersion: number | null): ResultAsync<Lead, StoreError | VersionConflict> {
    return this.call(async () => {
      const current = (await this.loadLeads([lead.id]))[0] ?? null;
      if ((current?.version ?? null) !== expectedVersion) return this.versionConflict('lead', lead.id, expectedVersion, current?.version ?? null);
      // The person's keys first (send slot): the claim must never see fewer keys than the lead has.
      await this.identity.link(await this.identity.rootOf(lead.id), [], leadKeys(lead));
      const removes = current && current.sourceLabel !== lead.sourceLabel ? [this.keys.leadsLabel(current.sourceLabel)] : [];
      const adds = [this.keys.leadsAll(), this.keys.leadsLabel(lead.sourceLabel)];
      const sets = leadKeys(lead).map((k) => this.keys.identity(k));
      const result = await this.redis.putVersioned(2 + removes.length + adds.length + sets.length, this.keys.lead(lead.id), this.keys.leadMeta(lead.id), ...removes, ...adds, ...sets, expectedVersion === null ? '' : String(expectedVersion), JSON.stringify(lead), lead.id, removes.length, adds.length, sets.length, 'version', String(lead.version));
      return result[0] === 'ok' ? lead : this.versionConflict('lead', lead.id, expectedVersion, result[1]);
    }).andThen((r) => ('_tag' in r ? errAsync(r) : ResultAsync.fromSafePromise(Promise.resolve(r))));
  }

  listLeads(query: LeadQuery): ResultAsync<Page<Lead>, StoreError> {
    const index = query.sourceLabel === undefined ? this.keys.leadsAll() : this.keys.leadsLabel(query.sourceLabel);
    return this.call(() => this.pageIndex(index, query, (ids) => this.loadLeads(ids), () => true, (l) => l.id));
  }

  // Cards
  private async loadCards(ids: readonly string[]): Promise<(Card | null)[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.get(this.keys.card(id)).hgetall(this.keys.cardMeta(id));
    const replies = (await pipeline.exec()) ?? [];
    return ids.map((id, i) => {
      const [bodyError, body] = replies[i * 2] ?? [];
      const [metaError, meta] = replies[i * 2 + 1] ?? [];
      if (bodyError || metaError) throw bodyError ?? metaError;
      return typeof body === 'string' ? joinCard(this.keys.card(id), body, meta as Record<string, string>) : null;
    });
  }

  getCard(id: CardId): ResultAsync<Card | null, StoreError> {
    return this.call(async () => (await this.loadCards([id]))[0] ?? null);
  }

  private cardIndexes = (card: Pick<Card, 'status' | 'channel' | 'leadId'>): string[] => [this.keys.cardsStatus(card.status), this.keys.cardsChannel(card.channel), this.keys.cardsLead(card.leadId)];

  putCard(card: Card, expectedVersion: number | null): ResultAsync<Card, StoreError | VersionConflict> {
    return this.call(async () => {
      const current = (await this.loadCards([card.id]))[0] ?? null;
      if ((current?.version ?? null) !== expectedVersion) return this.versionConflict('card', card.id, expectedVersion, current?.version ?? null);
      const next = this.cardIndexes(card);
      const removes = current ? this.cardIndexes(current).filter((k) => !next.includes(k)) : [];
      const adds = [this.keys.cardsAll(), ...next];
      const { body, meta } = splitCard(card);
      const result = await this.redis.putVersioned(2 + removes.length + adds.length, this.keys.card(card.id), this.keys.cardMeta(card.id), ...removes, ...adds, expectedVersion === null ? '' : String(expectedVersion), body, card.id, removes.length, adds.length, 0, ...meta);
      return result[0] === 'ok' ? card : this.versionConflict('card', card.id, expectedVersion, result[1]);
    }).andThen((r) => ('_tag' in r ? errAsync(r) : ResultAsync.fromSafePromise(Promise.resolve(r))));
  }

  listCards(query: CardQuery): ResultAsync<Page<Card>, StoreError> {
    if (query.leadId !== undefined && query.status === undefined) return this.listLeadCards(query.leadId, query);
    const index =
      query.status !== undefined ? this.keys.cardsStatus(query.status) : query.leadId !== undefined ? this.keys.cardsLead(query.leadId) : query.channel !== undefined ? this.keys.cardsChannel(query.channel) : this.keys.cardsAll();
    const keep = (c: Card) => (query.status === undefined || c.status === query.status) && (query.channel === undefined || c.channel === query.channel) && (query.leadId === undefined || c.leadId === query.leadId);
    return this.call(() => this.pageIndex(index, query, (ids) => this.loadCards(ids), keep, (c) => c.id));
  }

  /** A person's cards: the survivor's and those of every lead merged into it (few per person). */
  private listLeadCards(leadId: LeadId, query: CardQuery): ResultAsync<Page<Card>, StoreError> {
    return this.call(async () => {
      const root = await this.identity.rootOf(leadId);
      const ids = new Set<string>();
      for (const id of [root, ...(await this.identity.aliasesOf(root as LeadId))]) for (const card of await this.redis.zrangebylex(this.keys.cardsLead(id), '-', '+')) ids.add(card);
      const limit = clampLimit(query.limit);
      const sorted = [...ids].sort().filter((id) => query.after === undefined || id > query.after);
      const cards = (await this.loadCards(sorted)).filter((c): c is Card => c !== null && (query.channel === undefined || c.channel === query.channel));
      const items = cards.slice(0, limit);
      const last = items.at(-1);
      return cards.length > limit && last ? { items, next: last.id } : { items };
    });
  }

  // Batches
  getBatch(id: BatchId): ResultAsync<Batch | null, StoreError> {
    return this.call(async () => {
      const value = await this.redis.get(this.keys.batch(id));
      return value === null ? null : parseVersioned<Batch>(this.keys.batch(id), value);
    });
  }

  putBatch(batch: Batch, expectedVersion: number | null): ResultAsync<Batch, StoreError | VersionConflict> {
    return this.call(async () => {
      const result = await this.redis.putVersioned(3, this.keys.batch(batch.id), this.keys.batchMeta(batch.id), this.keys.batchesAll(), expectedVersion === null ? '' : String(expectedVersion), JSON.stringify(batch), batch.id, 0, 1, 0, 'version', String(batch.version));
      return result[0] === 'ok' ? batch : this.versionConflict('batch', batch.id, expectedVersion, result[1]);
    }).andThen((r) => ('_tag' in r ? errAsync(r) : ResultAsync.fromSafePromise(Promise.resolve(r))));
  }

  // Send ledger
  claimSend(request: SendClaimRequest, attempt = 1): ResultAsync<LedgerEntry, StoreError | ClaimRefused> {
    const blocked = this.blockedError();
    if (blocked) return errAsync(blocked);
    return this.call(async () => {
      const body = await this.redis.get(this.keys.card(request.cardId));
      const leadId = body === null ? '' : (JSON.parse(body) as { leadId: string }).leadId;
      return this.identity.claimPerson(leadId);
    }).andThen((person) =>
      this.claimForPerson(request, person).orElse((error): ResultAsync<LedgerEntry, StoreError | ClaimRefused> => {
        if (error._tag !== 'ClaimRefused' || (error.reason as string) !== 'identity_moved') return errAsync(error);
        // A merge landed between the read and the script: read the person again.
        return attempt < 8 ? this.claimSend(request, attempt + 1) : errAsync({ _tag: 'StoreUnavailable', message: `the claim's person kept changing: ${error.detail}` });
      }),
    );
  }

  private claimForPerson(request: SendClaimRequest, person: { leadId: string; root: string; members: readonly IdentityKey[] }): ResultAsync<LedgerEntry, StoreError | ClaimRefused> {
    const k = this.keys;
    const id = ledgerId(request.cardId, request.step);
    const at = request.trace.at;
    const leadKeySet = sortKeys([...request.leadKeys, ...person.members]);
    const targets = suppressionTargetsForKeys(leadKeySet);
    const entry = claimedEntry(request, leadKeySet);
    const keys = [
      k.card(request.cardId),
      k.cardMeta(request.cardId),
      k.ledger(id),
      k.ledgerMeta(id),
      k.controls(),
      k.day(request.dayKey),
      k.fence(request.fence?.resource ?? '-'),
      k.epoch(),
      k.cardsStatus('queued'),
      k.cardsStatus('sending'),
      k.ledgerAll(),
      k.ledgerState('sending'),
      k.touches(),
      k.days(),
      k.fences(),
      ...leadKeySet.map((key) => k.touch(key)),
      ...leadKeySet.map((key) => k.ledgerKey(key)),
      k.alias(person.leadId),
      k.person(person.root),
      ...leadKeySet.map((key) => k.stop(key)),
      ...targets.map((target) => k.suppression(target)),
    ];
    const touches = leadKeySet.map((identityKey): string => JSON.stringify({ identityKey, cardId: request.cardId, channel: request.channel, at } satisfies FirstTouch));
    return this.call(() =>
      this.redis.claimSend(keys.length, ...keys, this.status.epoch ?? '', request.cardId, String(request.step), String(request.expectedVersion), request.contentDigest, request.channel, request.dayKey, String(request.dailyCap), request.fence ? String(request.fence.token) : '', at, ledgerClaimBody(entry), String(leadKeySet.length), id, ...touches, person.leadId, person.root, String(person.members.length), ...person.members, String(targets.length)),
    ).andThen((reply): ResultAsync<LedgerEntry, StoreError | ClaimRefused> => {
      const [verdict, detail = ''] = reply;
      if (verdict === 'ok') return ResultAsync.fromSafePromise(Promise.resolve(entry));
      if (verdict === 'blocked') {
        this.status.blocked = detail;
        return errAsync({ _tag: 'StoreBlocked', reason: detail });
      }
      return errAsync({ _tag: 'ClaimRefused', reason: verdict as ClaimRefusalReason, detail });
    });
  }

  recordOutcome(request: OutcomeRequest): ResultAsync<LedgerEntry, StoreError | OutcomeRefused> {
    const blocked = this.blockedError();
    if (blocked) return errAsync(blocked);
    const k = this.keys;
    const id = ledgerId(request.cardId, request.step);
    const outcome = request.outcome;
    return this.getLedgerEntry(request.cardId, request.step).andThen((current): ResultAsync<LedgerEntry, StoreError | OutcomeRefused> => {
      const keys = [
        k.ledger(id),
        k.ledgerMeta(id),
        k.cardMeta(request.cardId),
        k.fence(request.fence?.resource ?? '-'),
        k.epoch(),
        ...LEDGER_STATES.map((s) => k.ledgerState(s)),
        ...LEDGER_STATES.map((s) => k.cardsStatus(s)),
        k.fences(),
        k.touches(),
        ...(current?.leadKeys ?? []).map((key) => k.touch(key)),
      ];
      const field = outcome.state === 'sent' ? 'receipt' : 'reason';
      const value = outcome.state === 'sent' ? JSON.stringify(outcome.receipt) : outcome.reason;
      return this.call(() =>
        this.redis.recordOutcome(keys.length, ...keys, this.status.epoch ?? '', request.attemptId, outcome.state, request.fence ? String(request.fence.token) : '', request.trace.at, field, value, id, request.cardId),
      ).andThen((reply): ResultAsync<LedgerEntry, StoreError | OutcomeRefused> => {
        const [verdict, detail = ''] = reply;
        if (verdict === 'blocked') {
          this.status.blocked = detail;
          return errAsync({ _tag: 'StoreBlocked', reason: detail });
        }
        if (verdict !== 'ok' && verdict !== 'same') return errAsync({ _tag: 'OutcomeRefused', reason: verdict as OutcomeRefused['reason'], detail });
        return this.getLedgerEntry(request.cardId, request.step).andThen((entry) =>
          entry ? ResultAsync.fromSafePromise(Promise.resolve(entry)) : errAsync<LedgerEntry, StoreError>({ _tag: 'StoreUnavailable', message: `ledger entry ${id} vanished` }),
        );
      });
    });
  }

  private async loadLedger(ids: readonly string[]): Promise<(LedgerEntry | null)[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.get(this.keys.ledger(id)).hgetall(this.keys.ledgerMeta(id));
    const replies = (await pipeline.exec()) ?? [];
    return ids.map((id, i) => {
      const [bodyError, body] = replies[i * 2] ?? [];
      const [metaError, meta] = replies[i * 2 + 1] ?? [];
      if (bodyError || metaError) throw bodyError ?? metaError;
      return typeof body === 'string' ? joinLedger(this.keys.ledger(id), body, meta as Record<string, string>) : null;
    });
  }

  getLedgerEntry(cardId: CardId, step: number): ResultAsync<LedgerEntry | null, StoreError> {
    return this.call(async () => (await this.loadLedger([ledgerId(cardId, step)]))[0] ?? null);
  }

  listLedger(query: LedgerQuery): ResultAsync<Page<LedgerEntry>, StoreError> {
    const index = query.identityKey !== undefined ? this.keys.ledgerKey(query.identityKey) : query.state !== undefined ? this.keys.ledgerState(query.state) : this.keys.ledgerAll();
    const keep = (e: LedgerEntry) => (query.state === undefined || e.state === query.state) && (query.identityKey === undefined || e.leadKeys.includes(query.identityKey));
    return this.call(() => this.pageIndex(index, query, (ids) => this.loadLedger(ids), keep, (e) => ledgerId(e.cardId, e.step)));
  }

  getFirstTouches(keys: readonly IdentityKey[]): ResultAsync<readonly FirstTouch[], StoreError> {
    const unique = [...new Set(keys)];
    return this.call(async () => {
      if (unique.length === 0) return [];
      const values = await this.redis.mget(...unique.map((key) => this.keys.touch(key)));
      return values.flatMap((v, i) => (v === null ? [] : [parseJsonRecord<FirstTouch>(this.keys.touch(unique[i]!), v)]));
    });
  }

  countDaySends(dayKey: string): ResultAsync<number, StoreError> {
    return this.call(async () => Number((await this.redis.get(this.keys.day(dayKey))) ?? '0'));
  }

  // Suppression and cadence stops: the first record wins (SET NX).
  private addOnce(key: string, set: string, member: string, value: unknown): ResultAsync<void, StoreError> {
    return this.call(async () => {
      await execAll(this.redis.multi().set(key, JSON.stringify(value), 'NX').sadd(set, member));
    });
  }

  private findAll<T>(keyOf: (id: string) => string, ids: readonly string[]): ResultAsync<readonly T[], StoreError> {
    const unique = [...new Set(ids)];
    return this.call(async () => {
      if (unique.length === 0) return [];
      const values = await this.redis.mget(...unique.map(keyOf));
      return values.flatMap((v, i) => (v === null ? [] : [parseJsonRecord<T>(keyOf(unique[i]!), v)]));
    });
  }

  addSuppression(suppression: Suppression): ResultAsync<void, StoreError> {
    return this.addOnce(this.keys.suppression(suppression.target), this.keys.suppressions(), suppression.target, suppression);
  }

  findSuppressions(targets: readonly SuppressionTarget[]): ResultAsync<readonly Suppression[], StoreError> {
    return this.findAll<Suppression>(this.keys.suppression, targets);
  }

  listSuppressions(query: SuppressionQuery): ResultAsync<Page<Suppression>, StoreError> {
    return this.call(() => this.suppressionList.list(query));
  }

  removeSuppression(target: SuppressionTarget): ResultAsync<Suppression | null, StoreError> {
    return this.call(() => this.suppressionList.remove(target));
  }

  addCadenceStop(stop: CadenceStop): ResultAsync<void, StoreError> {
    return this.addOnce(this.keys.stop(stop.identityKey), this.keys.stops(), stop.identityKey, stop);
  }

  findCadenceStops(keys: readonly IdentityKey[]): ResultAsync<readonly CadenceStop[], StoreError> {
    return this.findAll<CadenceStop>(this.keys.stop, keys);
  }

  // Controls
  getControls(): ResultAsync<Controls, StoreError> {
    return this.call(async () => {
      const value = await this.redis.get(this.keys.controls());
      return value === null ? initialControls(new Date(0).toISOString()) : parseJsonRecord<Controls>(this.keys.controls(), value);
    });
  }

  putControls(controls: Controls, expectedVersion: number): ResultAsync<Controls, StoreError | VersionConflict> {
    return this.call(() => this.redis.putControls(1, this.keys.controls(), String(expectedVersion), JSON.stringify(controls))).andThen((reply) =>
      reply[0] === 'ok'
        ? ResultAsync.fromSafePromise<Controls, StoreError | VersionConflict>(Promise.resolve(controls))
        : errAsync(this.versionConflict('controls', 'controls', expectedVersion, reply[1])),
    );
  }

  // Inbox and quarantine
  private inboxEvent(key: string, text: string, applied: boolean): InboxEvent {
    const { expiresAtMs: _ms, ...event } = parseJsonRecord<InboxEvent & { expiresAtMs: number }>(key, text);
    return { ...event, applied };
  }

  /** The stored form of an inbox event, and its real-time TTL (garbage collection, a day past the logical expiry). */
  private inboxWrite(event: Omit<InboxEvent, 'applied'>, now: number): { json: string; ttl: number; expiresAtMs: number } {
    const expiresAtMs = new Date(event.expiresAt).getTime();
    return { json: JSON.stringify({ ...event, expiresAtMs }), ttl: Math.max(expiresAtMs - now, 0) + DAY_MS, expiresAtMs };
  }

  /** What an inbox script answered, as the port's `InboxRecord`. */
  private inboxRecord(key: string, [verdict, existing]: [string, string?]): InboxRecord {
    if (verdict === 'new' || existing === undefined) return { _tag: 'New' };
    if (verdict === 'pending') return { _tag: 'Pending', event: this.inboxEvent(key, existing, false) };
    if (verdict === 'in_progress') return { _tag: 'InProgress', event: this.inboxEvent(key, existing, false) };
    return { _tag: 'Applied', event: this.inboxEvent(key, existing, true) };
  }

  recordInboxEvent(event: Omit<InboxEvent, 'applied'>, claim?: InboxClaim): ResultAsync<InboxRecord, StoreError> {
    const k = this.keys;
    const now = this.clock.now().getTime();
    const { json, ttl, expiresAtMs } = this.inboxWrite(event, now);
    const key = k.inbox(event.eventId);
    return this.call(async (): Promise<InboxRecord> => {
      const reply = await this.redis.recordInbox(5, key, k.inboxPending(), k.inboxAll(), k.inboxClaim(event.eventId), k.inboxExpiry(), event.eventId, json, String(now), String(new Date(event.receivedAt).getTime()), String(ttl), claim?.holder ?? '', String(claim?.ttlMs ?? 0), String(expiresAtMs));
      return this.inboxRecord(key, reply);
    });
  }

  recordAppliedInboxEvent(event: Omit<InboxEvent, 'applied'>, entry: AuditEntry): ResultAsync<InboxRecord, StoreError> {
    const k = this.keys;
    const now = this.clock.now().getTime();
    const { json, ttl, expiresAtMs } = this.inboxWrite(event, now);
    const key = k.inbox(event.eventId);
    const lists = [k.audit(), ...this.auditIndexes(entry)];
    const keys = [key, k.inboxPending(), k.inboxAll(), k.inboxClaim(event.eventId), k.inboxExpiry(), k.auditEntries(), k.auditSeq(), ...lists];
    return this.call(async (): Promise<InboxRecord> => {
      const reply = await this.redis.recordAppliedInbox(keys.length, ...keys, event.eventId, json, String(now), String(ttl), String(expiresAtMs), JSON.stringify(entry));
      return this.inboxRecord(key, reply);
    });
  }

  markInboxApplied(eventId: EventId, _at: string, entry?: AuditEntry): ResultAsync<void, StoreError> {
    const k = this.keys;
    const lists = entry ? [k.audit(), ...this.auditIndexes(entry)] : [];
    const keys = [k.inboxPending(), k.inboxClaim(eventId), k.auditEntries(), k.auditSeq(), ...lists];
    return this.call(async () => {
      await this.redis.markInboxApplied(keys.length, ...keys, eventId, entry ? JSON.stringify(entry) : '');
    });
  }

  pruneInbox(now: string, limit: number): ResultAsync<number, StoreError> {
    const k = this.keys;
    const nowMs = new Date(now).getTime();
    return this.call(async () => {
      const ids = await this.redis.zrangebyscore(k.inboxExpiry(), '-inf', nowMs, 'LIMIT', 0, limit);
      if (ids.length === 0) return 0;
      return this.redis.pruneInbox(3 + 2 * ids.length, k.inboxExpiry(), k.inboxPending(), k.inboxAll(), ...ids.flatMap((id) => [k.inbox(id), k.inboxClaim(id)]), String(nowMs), ...ids);
    });
  }

  releaseInboxClaim(eventId: EventId, holder: string): ResultAsync<void, StoreError> {
    return this.call(async () => {
      await this.redis.releaseInboxClaim(1, this.keys.inboxClaim(eventId), holder);
    });
  }

  listPendingInbox(limit: number): ResultAsync<readonly InboxEvent[], StoreError> {
    return this.call(async () => {
      const ids = await this.redis.zrange(this.keys.inboxPending(), 0, Math.max(0, limit - 1));
      if (ids.length === 0) return [];
      const values = await this.redis.mget(...ids.map((id) => this.keys.inbox(id)));
      return values.flatMap((v, i) => (v === null ? [] : [this.inboxEvent(this.keys.inbox(ids[i]!), v, false)]));
    });
  }

  quarantine(delivery: QuarantinedDelivery): ResultAsync<void, StoreError> {
    return this.call(async () => {
      await execAll(this.redis.multi().rpush(this.keys.quarantine(), JSON.stringify(delivery)).ltrim(this.keys.quarantine(), -QUARANTINE_CAP, -1));
    });
  }

  listQuarantine(limit: number): ResultAsync<readonly QuarantinedDelivery[], StoreError> {
    return this.call(async () => (await this.redis.lrange(this.keys.quarantine(), -limit, -1)).map((v) => parseJsonRecord<QuarantinedDelivery>(this.keys.quarantine(), v)));
  }

  // Audit and day records
  appendAudit(entry: AuditEntry): ResultAsync<void, StoreError> {
    const k = this.keys;
    const lists = [k.audit(), ...this.auditIndexes(entry)];
    return this.call(async () => {
      await this.redis.appendAudit(2 + lists.length, k.auditEntries(), k.auditSeq(), ...lists, JSON.stringify(entry));
    });
  }

  /** The index lists an audit entry is also written to (by trace, card, lead). */
  private auditIndexes(entry: AuditEntry): string[] {
    const k = this.keys;
    return [k.auditTrace(entry.trace.traceId), ...(entry.cardId ? [k.auditCard(entry.cardId)] : []), ...(entry.leadId ? [k.auditLead(entry.leadId)] : [])];
  }

  /** A range of an audit list as the stored JSON strings, oldest first. */
  private async readAuditRange(list: string, start: number, stop: number): Promise<string[]> {
    return this.redis.readAudit(2, list, this.keys.auditEntries(), start, stop);
  }

  listAudit(query: AuditQuery): ResultAsync<readonly AuditEntry[], StoreError> {
    const k = this.keys;
    const limit = query.limit ?? 100;
    const list = query.traceId !== undefined ? k.auditTrace(query.traceId) : query.cardId !== undefined ? k.auditCard(query.cardId) : query.leadId !== undefined ? k.auditLead(query.leadId) : k.audit();
    const filters = [query.traceId, query.cardId, query.leadId].filter((f) => f !== undefined).length;
    return this.call(async () => {
      const raw = await this.readAuditRange(list, filters > 1 ? 0 : -limit, -1);
      const entries = raw.map((v) => parseJsonRecord<AuditEntry>(list, v));
      return entries
        .filter((e) => (query.traceId === undefined || e.trace.traceId === query.traceId) && (query.cardId === undefined || e.cardId === query.cardId) && (query.leadId === undefined || e.leadId === query.leadId))
        .slice(-limit);
    });
  }

  listAuditHead(limit: number): ResultAsync<readonly AuditEntry[], StoreError> {
    const log = this.keys.audit();
    if (limit <= 0) return ResultAsync.fromSafePromise(Promise.resolve([]));
    return this.call(async () => (await this.readAuditRange(log, 0, limit - 1)).map((v) => parseJsonRecord<AuditEntry>(log, v)));
  }

  dropAuditHead(ids: readonly string[]): ResultAsync<number, StoreError> {
    const k = this.keys;
    const log = k.audit();
    if (ids.length === 0) return ResultAsync.fromSafePromise(Promise.resolve(0));
    return this.call(async () => {
      // Read the head, keep the prefix that matches `ids`, and let the script remove exactly
      // those entries (a head that changed in between stops it there).
      const head = await this.readAuditRange(log, 0, ids.length - 1);
      const keys: string[] = [log, k.auditEntries()];
      const args: string[] = [];
      for (const [i, raw] of head.entries()) {
        const entry = parseJsonRecord<AuditEntry>(log, raw);
        if (entry.id !== ids[i]) break;
        const lists = this.auditIndexes(entry);
        keys.push(...lists);
        args.push(raw, String(lists.length));
      }
      return args.length === 0 ? 0 : this.redis.dropAuditHead(keys.length, ...keys, ...args);
    });
  }

  putDayRecord(record: DayRecord): ResultAsync<void, StoreError> {
    return this.call(async () => {
      await execAll(this.redis.multi().set(this.keys.dayRecord(record.day), JSON.stringify(record)).zadd(this.keys.dayRecords(), 0, record.day));
    });
  }

  listDayRecords(limit: number): ResultAsync<readonly DayRecord[], StoreError> {
    return this.call(async () => {
      const days = await this.redis.zrangebylex(this.keys.dayRecords(), '-', '+');
      const recent = days.slice(-limit);
      if (recent.length === 0) return [];
      const values = await this.redis.mget(...recent.map((d) => this.keys.dayRecord(d)));
      return values.flatMap((v, i) => (v === null ? [] : [parseJsonRecord<DayRecord>(this.keys.dayRecord(recent[i]!), v)]));
    });
  }

  // Maintenance
  exportRecords(): ResultAsync<readonly StoreRecord[], StoreError> {
    const k = this.keys;
    return this.call(async () => {
      const all = (index: string) => this.redis.zrangebylex(index, '-', '+');
      const records: StoreRecord[] = [];
      for (const lead of await this.loadLeads(await all(k.leadsAll()))) if (lead) records.push({ kind: 'lead', value: lead });
      for (const value of await this.identity.allAliases()) records.push({ kind: 'lead_alias', value });
      for (const card of await this.loadCards(await all(k.cardsAll()))) if (card) records.push({ kind: 'card', value: card });
      for (const id of await all(k.batchesAll())) {
        const value = await this.redis.get(k.batch(id));
        if (value) records.push({ kind: 'batch', value: parseVersioned<Batch>(k.batch(id), value) });
      }
      for (const entry of await this.loadLedger(await all(k.ledgerAll()))) if (entry) records.push({ kind: 'ledger', value: entry });
      for (const key of await this.redis.smembers(k.touches())) {
        const value = await this.redis.get(key);
        if (value) records.push({ kind: 'first_touch', value: parseJsonRecord<FirstTouch>(key, value) });
      }
      for (const day of await this.redis.smembers(k.days())) records.push({ kind: 'day_sends', value: { dayKey: day, count: Number((await this.redis.get(k.day(day))) ?? '0') } });
      for (const key of await this.redis.smembers(k.fences())) records.push({ kind: 'fence', value: { resource: key.slice(k.fence('').length), token: Number((await this.redis.get(key)) ?? '0') } });
      for (const target of await this.redis.smembers(k.suppressions())) {
        const value = await this.redis.get(k.suppression(target));
        if (value) records.push({ kind: 'suppression', value: parseJsonRecord<Suppression>(k.suppression(target), value) });
      }
      for (const key of await this.redis.smembers(k.stops())) {
        const value = await this.redis.get(k.stop(key));
        if (value) records.push({ kind: 'cadence_stop', value: parseJsonRecord<CadenceStop>(k.stop(key), value) });
      }
      const controls = await this.redis.get(k.controls());
      if (controls) records.push({ kind: 'controls', value: parseJsonRecord<Controls>(k.controls(), controls) });
      for (const id of await all(k.inboxAll())) {
        const value = await this.redis.get(k.inbox(id));
        if (value) records.push({ kind: 'inbox', value: this.inboxEvent(k.inbox(id), value, (await this.redis.zscore(k.inboxPending(), id)) === null) });
      }
      for (const day of await all(k.dayRecords())) {
        const value = await this.redis.get(k.dayRecord(day));
        if (value) records.push({ kind: 'day_record', value: parseJsonRecord<DayRecord>(k.dayRecord(day), value) });
      }
      return records.sort((a, b) => (storeRecordKey(a) < storeRecordKey(b) ? -1 : 1));
    });
  }

  importRecords(records: readonly StoreRecord[]): ResultAsync<void, StoreError> {
    const k = this.keys;
    return this.call(async () => {
      for (const record of records) {
        switch (record.kind) {
          case 'lead': {
            const lead = record.value;
            const current = (await this.loadLeads([lead.id]))[0];
            const m = this.redis.multi();
            if (current && current.sourceLabel !== lead.sourceLabel) m.zrem(k.leadsLabel(current.sourceLabel), lead.id);
            m.set(k.lead(lead.id), JSON.stringify(lead)).del(k.leadMeta(lead.id)).hset(k.leadMeta(lead.id), 'version', String(lead.version)).zadd(k.leadsAll(), 0, lead.id).zadd(k.leadsLabel(lead.sourceLabel), 0, lead.id);
            for (const key of leadKeys(lead)) m.set(k.identity(key), lead.id);
            await this.identity.link(await this.identity.rootOf(lead.id), [], leadKeys(lead));
            await execAll(m);
            break;
          }
          case 'lead_alias':
            await this.identity.importAlias(record.value.id, record.value.survivor);
            break;
          case 'card': {
            const card = record.value;
            const current = (await this.loadCards([card.id]))[0];
            const { body, meta } = splitCard(card);
            const m = this.redis.multi();
            if (current) for (const index of this.cardIndexes(current)) m.zrem(index, card.id);
            m.set(k.card(card.id), body).del(k.cardMeta(card.id)).hset(k.cardMeta(card.id), ...meta).zadd(k.cardsAll(), 0, card.id);
            for (const index of this.cardIndexes(card)) m.zadd(index, 0, card.id);
            await execAll(m);
            break;
          }
          case 'batch':
            await execAll(this.redis.multi().set(k.batch(record.value.id), JSON.stringify(record.value)).del(k.batchMeta(record.value.id)).hset(k.batchMeta(record.value.id), 'version', String(record.value.version)).zadd(k.batchesAll(), 0, record.value.id));
            break;
          case 'ledger': {
            const entry = record.value;
            const id = ledgerId(entry.cardId, entry.step);
            const m = this.redis.multi();
            for (const state of LEDGER_STATES) m.zrem(k.ledgerState(state), id);
            m.set(k.ledger(id), ledgerClaimBody(entry)).del(k.ledgerMeta(id));
            m.hset(k.ledgerMeta(id), 'state', entry.state, ...(entry.finalisedAt ? ['finalisedAt', entry.finalisedAt] : []), ...(entry.receipt ? ['receipt', JSON.stringify(entry.receipt)] : []), ...(entry.reason !== undefined ? ['reason', entry.reason] : []));
            m.zadd(k.ledgerAll(), 0, id).zadd(k.ledgerState(entry.state), 0, id);
            for (const key of entry.leadKeys) m.zadd(k.ledgerKey(key), 0, id);
            await execAll(m);
            break;
          }
          case 'first_touch':
            await execAll(this.redis.multi().set(k.touch(record.value.identityKey), JSON.stringify(record.value)).sadd(k.touches(), k.touch(record.value.identityKey)));
            break;
          case 'day_sends':
            await execAll(this.redis.multi().set(k.day(record.value.dayKey), String(record.value.count)).sadd(k.days(), record.value.dayKey));
            break;
          case 'fence':
            await execAll(this.redis.multi().set(k.fence(record.value.resource), String(record.value.token)).sadd(k.fences(), k.fence(record.value.resource)));
            break;
          case 'suppression':
            await execAll(this.redis.multi().set(k.suppression(record.value.target), JSON.stringify(record.value)).sadd(k.suppressions(), record.value.target));
            break;
          case 'cadence_stop':
            await execAll(this.redis.multi().set(k.stop(record.value.identityKey), JSON.stringify(record.value)).sadd(k.stops(), record.value.identityKey));
            break;
          case 'controls':
            await this.redis.set(k.controls(), JSON.stringify(record.value));
            break;
          case 'inbox': {
            const { applied, ...event } = record.value;
            const { json, ttl, expiresAtMs } = this.inboxWrite(event, this.clock.now().getTime());
            const m = this.redis.multi().set(k.inbox(event.eventId), json, 'PX', ttl).zadd(k.inboxAll(), 0, event.eventId).zadd(k.inboxExpiry(), expiresAtMs, event.eventId);
            if (applied) m.zrem(k.inboxPending(), event.eventId);
            else m.zadd(k.inboxPending(), new Date(event.receivedAt).getTime(), event.eventId);
            await execAll(m);
            break;
          }
          case 'day_record':
            await execAll(this.redis.multi().set(k.dayRecord(record.value.day), JSON.stringify(record.value)).zadd(k.dayRecords(), 0, record.value.day));
            break;
        }
      }
    });
  }

  health(): ResultAsync<StoreHealth, never> {
    return ResultAsync.fromSafePromise(this.healthCheck());
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
