import { BATCH_STATUSES, CARD_STATUSES, INDEXED_AUDIT_ACTIONS, LEDGER_STATES, queueMember, type AuditEntry, type Batch, type BatchListing, type Card, type CardQuery, type LedgerEntry, type Page, type QueueQuery, type StateStore, type StoreError, type TraceId } from '@caio/core';
import fc from 'fast-check';
import type { ResultAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { StateStoreContractEnv } from './contract-env.js';
import { INDEX_CHANNELS, INDEX_LABELS, INDEX_LEADS, INDEX_TRACES, indexOps, leadId, leadKey, type IndexOpsContext } from './store-indexes-ops.js';

/** Every item of a listing, read in small pages so the cursors are exercised too. */
const readAll = async <T>(list: (after: string | undefined) => ResultAsync<Page<T>, StoreError>): Promise<T[]> => {
  const all: T[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 5000; pages++) {
    const page = (await list(after))._unsafeUnwrap();
    all.push(...page.items);
    if (!page.next) return all;
    after = page.next;
  }
  throw new Error('a listing did not end within 5000 pages');
};

const hasBatchListing = (store: StateStore): store is StateStore & BatchListing => typeof (store as Partial<BatchListing>).listBatches === 'function';

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What a full scan of the store's records says each listing must answer. */
const scan = async (store: StateStore) => {
  const records = (await store.exportRecords())._unsafeUnwrap();
  const cards = records.flatMap((r) => (r.kind === 'card' ? [r.value] : []));
  const batches = records.flatMap((r) => (r.kind === 'batch' ? [r.value] : []));
  const leads = records.flatMap((r) => (r.kind === 'lead' ? [r.value] : []));
  const ledger = records.flatMap((r) => (r.kind === 'ledger' ? [r.value] : []));
  const survivor = new Map(records.flatMap((r) => (r.kind === 'lead_alias' ? [[r.value.id as string, r.value.survivor as string] as const] : [])));
  const root = (id: string): string => {
    for (let hops = 0; survivor.has(id) && hops < 10; hops++) id = survivor.get(id) as string;
    return id;
  };
  return { leads, ledger, cards, batches, root };
};

const cardIds = (cards: readonly Card[]): string[] => cards.map((c) => c.id).sort(byId);

/** The audit listings (by trace, card, lead, identity key, action) against the whole log read from its head. */
const expectAuditListingsMatchScan = async (ctx: IndexOpsContext): Promise<void> => {
  const { store } = ctx;
  const log = (await store.listAuditHead(100_000))._unsafeUnwrap();
  const newest = (keep: (e: AuditEntry) => boolean, limit: number) => log.filter(keep).slice(-limit).map((e) => e.id);
  const ids = (entries: readonly AuditEntry[]) => entries.map((e) => e.id);
  for (const limit of [2, 100]) {
    for (const name of INDEX_TRACES) {
      const traceId = `trace_${ctx.ns}${name}` as TraceId;
      expect({ traceId, limit, ids: ids((await store.listAudit({ traceId, limit }))._unsafeUnwrap()) }).toEqual({ traceId, limit, ids: newest((e) => e.trace.traceId === traceId, limit) });
    }
    for (const name of INDEX_LEADS) {
      const lead = leadId(ctx, name);
      const key = leadKey(ctx, name);
      expect({ lead, limit, ids: ids((await store.listAudit({ leadId: lead, limit }))._unsafeUnwrap()) }).toEqual({ lead, limit, ids: newest((e) => e.leadId === lead, limit) });
      expect({ key, limit, ids: ids((await store.listAuditByKey(key, limit))._unsafeUnwrap()) }).toEqual({ key, limit, ids: newest((e) => e.identityKeys?.includes(key) ?? false, limit) });
      const traceId = `trace_${ctx.ns}t0` as TraceId;
      expect({ lead, traceId, ids: ids((await store.listAudit({ leadId: lead, traceId, limit }))._unsafeUnwrap()) }).toEqual({ lead, traceId, ids: newest((e) => e.leadId === lead && e.trace.traceId === traceId, limit) });
    }
    const cardsNamed = [...new Set(log.flatMap((e) => (e.cardId ? [e.cardId] : [])))];
    for (const cardId of cardsNamed) {
      expect({ cardId, limit, ids: ids((await store.listAudit({ cardId, limit }))._unsafeUnwrap()) }).toEqual({ cardId, limit, ids: newest((e) => e.cardId === cardId, limit) });
    }
    for (const action of INDEXED_AUDIT_ACTIONS) {
      expect({ action, limit, ids: ids((await store.listAuditByAction(action, limit))._unsafeUnwrap()) }).toEqual({ action, limit, ids: newest((e) => e.action === action, limit) });
    }
  }
};

/**
 * Every listing the indexes answer (of `ctx.store`, for the leads of the run `ctx.ns`)
 * compared with a full scan of the exported records.
 *
 * @category testing
 */
export const expectListingsMatchScan = async (ctx: IndexOpsContext): Promise<void> => {
  const { store } = ctx;
  const { leads, ledger, cards, batches, root } = await scan(store);
  const ledgerIds = (entries: readonly LedgerEntry[]) => entries.map((e) => `${e.cardId}#${e.step}`).sort(byId);
  for (const state of [undefined, ...LEDGER_STATES]) {
    const listed = await readAll((after) => store.listLedger({ limit: 2, ...(state ? { state } : {}), ...(after ? { after } : {}) }));
    expect({ state, ledger: ledgerIds(listed) }).toEqual({ state, ledger: ledgerIds(ledger.filter((e) => state === undefined || e.state === state)) });
  }
  for (const identityKey of INDEX_LEADS.map((name) => leadKey(ctx, name))) {
    const listed = await readAll((after) => store.listLedger({ identityKey, limit: 2, ...(after ? { after } : {}) }));
    expect({ identityKey, ledger: ledgerIds(listed) }).toEqual({ identityKey, ledger: ledgerIds(ledger.filter((e) => e.leadKeys.includes(identityKey))) });
  }
  for (const sourceLabel of [undefined, ...INDEX_LABELS]) {
    const listed = (await readAll((after) => store.listLeads({ limit: 2, ...(sourceLabel ? { sourceLabel } : {}), ...(after ? { after } : {}) }))).map((l) => l.id);
    expect({ sourceLabel, leads: listed }).toEqual({ sourceLabel, leads: leads.filter((l) => sourceLabel === undefined || l.sourceLabel === sourceLabel).map((l) => l.id).sort(byId) });
  }
  const listCards = async (query: CardQuery) => (await readAll((after) => store.listCards({ ...query, limit: 2, ...(after ? { after } : {}) }))).map((c) => c.id);
  for (const status of [undefined, ...CARD_STATUSES]) {
    for (const channel of [undefined, ...INDEX_CHANNELS]) {
      const expected = cardIds(cards.filter((c) => (status === undefined || c.status === status) && (channel === undefined || c.channel === channel)));
      expect({ status, channel, ids: await listCards({ ...(status ? { status } : {}), ...(channel ? { channel } : {}) }) }).toEqual({ status, channel, ids: expected });
    }
  }
  for (const lead of INDEX_LEADS.map((name) => leadId(ctx, name))) {
    const expected = cardIds(cards.filter((c) => root(c.leadId) === root(lead)));
    expect({ lead, ids: await listCards({ leadId: lead }) }).toEqual({ lead, ids: expected });
    const approved = cardIds(cards.filter((c) => root(c.leadId) === root(lead) && c.status === 'approved'));
    expect({ lead, ids: await listCards({ leadId: lead, status: 'approved' }) }).toEqual({ lead, ids: approved });
  }
  const queue = async (query: QueueQuery) => (await readAll((after) => store.listQueue({ ...query, limit: 2, ...(after ? { after } : {}) }))).map((c) => c.id);
  const pending = cards.filter((c) => c.status === 'pending').sort((a, b) => byId(queueMember(a), queueMember(b)));
  expect({ queue: await queue({}) }).toEqual({ queue: pending.map((c) => c.id) });
  expect({ queue: await queue({ channel: 'instantly' }) }).toEqual({ queue: pending.filter((c) => c.channel === 'instantly').map((c) => c.id) });
  await expectAuditListingsMatchScan(ctx);
  // Batch listing is a port of its own (`BatchListing`): checked where the store has it.
  if (!hasBatchListing(store)) return;
  const listBatches = async (status: Batch['status'] | undefined) => (await readAll((after) => store.listBatches({ limit: 2, ...(status ? { status } : {}), ...(after ? { after } : {}) }))).map((b) => b.id);
  for (const status of [undefined, ...BATCH_STATUSES]) {
    expect({ status, batches: await listBatches(status) }).toEqual({ status, batches: batches.filter((b) => status === undefined || b.status === status).map((b) => b.id).sort(byId) });
  }
};

/**
 * The indexes behind the listings (leads by source label, ledger entries by state and
 * identity key, cards by status, channel and lead, the review queue,
 * batches by status, the audit log by trace, card, lead, identity key and action) stay
 * right across every write path: after random sequences of creates, moves, claims,
 * outcomes, merges, erasures, imports, restores, batch writes, audit appends and
 * archival, and (durable stores) reopens, each listing answers what a full scan of the exported
 * records says. Every adapter runs it.
 *
 * @category testing
 */
export const storeIndexesContract = (env: StateStoreContractEnv): void => {
  describe('listing indexes', () => {
    it('answer what a full scan answers, after any sequence of writes', async () => {
      const ctx: IndexOpsContext = { store: env.store, ns: '', ...(env.options.durable ? { reopen: () => env.reopen() } : {}) };
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(indexOps(env.options.durable), { minLength: 1, maxLength: 30 }), async (ops) => {
          ctx.ns = `r${run++}x`;
          for (const step of ops) await step.run(ctx);
          await expectListingsMatchScan(ctx);
        }),
        // One store across the runs (each in its own namespace): the listings are checked
        // over everything the earlier runs left too. No shrinking: a failed run's damage
        // stays in the store, so a shrunk sequence would be blamed for it; the failing
        // sequence itself is reported.
        { numRuns: 20, endOnFailure: true },
      );
      // Many store round trips (a Redis erasure scans the database's keys): a bound, not a timing check.
    }, 180_000);
  });
};
