import { BATCH_STATUSES, planErasure, planLeadMerge, snapshotDigest, type AttemptId, type AuditEntry, type Batch, type BatchId, type BatchStatus, type Card, type CardId, type CardStatus, type Channel, type IdentityKey, type Lead, type LeadId, type StateStore, type TraceId } from '@caio/core';
import fc from 'fast-check';
import type { ResultAsync } from 'neverthrow';
import { aCard, aClaim, aLead, aTrace, AT } from '../../builders.js';

/**
 * What the operations run on: the store (a reopen replaces it), how to reopen it (durable
 * stores), and the run's namespace: each run of the property names its own records, so
 * a run (and a shrunk counterexample) does not depend on what earlier runs left behind.
 */
export interface IndexOpsContext {
  store: StateStore;
  readonly reopen?: () => Promise<StateStore>;
  ns: string;
}

/** One write path of the store: a name (what a counterexample prints) and a step. */
export interface IndexOp {
  readonly name: string;
  readonly run: (ctx: IndexOpsContext) => Promise<unknown>;
  readonly [fc.toStringMethod]: () => string;
}

const op = (name: string, run: (ctx: IndexOpsContext) => Promise<unknown>): IndexOp => ({ name, run, [fc.toStringMethod]: () => name });

export const INDEX_LEADS = ['a', 'b', 'c'] as const;
export const INDEX_CHANNELS: readonly Channel[] = ['ghl_email', 'instantly'];
const CARDS = ['0', '1', '2', '3', '4', '5'] as const;
const BATCHES = ['0', '1', '2'] as const;
const MOVES: readonly CardStatus[] = ['pending', 'approved', 'queued', 'rejected', 'expired', 'separated'];
const SECRET = 'contract-index-secret-0123456789abcdef';

/** The ids of the run's records. */
export const leadId = (ctx: IndexOpsContext, name: string): LeadId => `lead_${ctx.ns}${name}` as LeadId;
const cardId = (ctx: IndexOpsContext, name: string): CardId => `card_${ctx.ns}${name}` as CardId;
const batchId = (ctx: IndexOpsContext, name: string): BatchId => `batch_${ctx.ns}${name}` as BatchId;

const minute = (n: number): string => new Date(Date.UTC(2026, 2, 2, 8, n)).toISOString();
const leadOf = (ctx: IndexOpsContext, name: string): Lead => {
  const id = leadId(ctx, name);
  return aLead(id, { email: `${id}@ix.example`, linkedinUrl: `linkedin.com/in/${id}` });
};
const cardOf = (ctx: IndexOpsContext, name: string, lead: string, channel: Channel, at: number) =>
  aCard(cardId(ctx, name), leadOf(ctx, lead), { channel, ...(channel === 'instantly' ? { campaignId: 'cmp_ix' } : {}) }, minute(at));
// The result of a step is not the point (a refused claim is a fine step): the indexes after it are.
const settle = async (work: ResultAsync<unknown, unknown>): Promise<void> => {
  await work;
};

const card = fc.constantFrom(...CARDS);
const lead = fc.constantFrom(...INDEX_LEADS);
const channel = fc.constantFrom(...INDEX_CHANNELS);
const at = fc.integer({ min: 0, max: 50 });

const createCard = fc
  .tuple(card, lead, channel, at)
  .map(([c, l, ch, t]) => op(`create(${c},${l},${ch},${t})`, (ctx) => settle(ctx.store.putCard(cardOf(ctx, c, l, ch, t), null))));

const moveCard = fc.tuple(card, fc.constantFrom(...MOVES)).map(([c, status]) =>
  op(`move(${c},${status})`, async (ctx) => {
    const current = (await ctx.store.getCard(cardId(ctx, c)))._unsafeUnwrap();
    if (current) await ctx.store.putCard({ ...current, status, version: current.version + 1 }, current.version);
  }),
);

/** The card, created (pending, for a lead of its own number) when the run has none yet. */
const ensureCard = async (ctx: IndexOpsContext, c: string): Promise<Card | null> => {
  const current = (await ctx.store.getCard(cardId(ctx, c)))._unsafeUnwrap();
  if (current) return current;
  return (await ctx.store.putCard(cardOf(ctx, c, INDEX_LEADS[Number(c) % INDEX_LEADS.length] as string, 'ghl_email', Number(c)), null)).unwrapOr(null);
};

/** Queues the card (created first if the run has none) when it is not yet, then claims it. */
const claimCard = async (ctx: IndexOpsContext, c: string): Promise<void> => {
  let current = await ensureCard(ctx, c);
  if (current && current.status !== 'queued') current = (await ctx.store.putCard({ ...current, status: 'queued', version: current.version + 1 }, current.version)).unwrapOr(null);
  if (current) await ctx.store.claimSend(aClaim(current, { attemptId: `attempt_${current.id}_${current.version}` as AttemptId }));
};

const claim = card.map((c) => op(`claim(${c})`, (ctx) => claimCard(ctx, c)));

/** The outcome of the card's first send (claimed first when it was not). */
const outcome = fc.tuple(card, fc.constantFrom('sent' as const, 'failed' as const, 'unknown' as const)).map(([c, state]) =>
  op(`outcome(${c},${state})`, async (ctx) => {
    const id = cardId(ctx, c);
    if (!(await ctx.store.getLedgerEntry(id, 0))._unsafeUnwrap()) await claimCard(ctx, c);
    const entry = (await ctx.store.getLedgerEntry(id, 0))._unsafeUnwrap();
    if (entry) await ctx.store.recordOutcome({ cardId: id, step: 0, attemptId: entry.attemptId, outcome: state === 'sent' ? { state, receipt: { id } } : { state, reason: 'r' }, trace: aTrace() });
  }),
);

export const INDEX_LABELS = ['acme', 'wpromote'] as const;

/** A lead stored (or moved to another source label when it exists). */
const putLead = fc.tuple(lead, fc.constantFrom(...INDEX_LABELS)).map(([l, label]) =>
  op(`lead(${l},${label})`, async (ctx) => {
    const current = (await ctx.store.getLead(leadId(ctx, l)))._unsafeUnwrap();
    await (current ? ctx.store.putLead({ ...current, sourceLabel: label, version: current.version + 1 }, current.version) : ctx.store.putLead({ ...leadOf(ctx, l), sourceLabel: label }, null));
  }),
);

/** The current leads of two names (stored first when unknown), merged into the older. */
const merge = fc.tuple(lead, lead).map(([a, b]) =>
  op(`merge(${a},${b})`, async (ctx) => {
    // `getLead` answers a merged id with its survivor; only an unknown id is stored (an
    // absorbed id is never re-created: aliases are one hop).
    const current = async (name: string): Promise<Lead | null> => {
      const found = (await ctx.store.getLead(leadId(ctx, name)))._unsafeUnwrap();
      if (found) return found;
      await ctx.store.putLead(leadOf(ctx, name), null);
      return (await ctx.store.getLead(leadId(ctx, name)))._unsafeUnwrap();
    };
    const [la, lb] = [await current(a), await current(b)];
    if (!la || !lb || la.id === lb.id) return;
    const bridge = aLead(`bridge_${ctx.ns}${a}${b}`, { email: `${leadId(ctx, a)}@ix.example`, linkedinUrl: `linkedin.com/in/${leadId(ctx, b)}` });
    const plan = planLeadMerge(bridge, [la, lb], AT);
    await ctx.store.saveMergedLead({ lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) });
  }),
);

const erase = lead.map((l) =>
  op(`erase(${l})`, async (ctx) => {
    const person = (await ctx.store.getLead(leadId(ctx, l)))._unsafeUnwrap() ?? leadOf(ctx, l);
    const aliases = (await ctx.store.listAliases(person.id))._unsafeUnwrap();
    await ctx.store.erasePerson(planErasure(SECRET, { lead: person, aliases, keys: [] }, 'DSR-ix', AT));
  }),
);

const importCard = fc.tuple(card, lead, channel, fc.constantFrom(...MOVES), at).map(([c, l, ch, status, t]) =>
  op(`import(${c},${l},${ch},${status},${t})`, (ctx) => settle(ctx.store.importRecords([{ kind: 'card', value: { ...cardOf(ctx, c, l, ch, t), status, version: 3 } }]))),
);

/** Export then import of everything: a restore onto the same store changes nothing. */
const restore = fc.constant(
  op('restore', async (ctx) => {
    const records = (await ctx.store.exportRecords())._unsafeUnwrap();
    await ctx.store.importRecords(records);
  }),
);

const batchOf = (id: BatchId, status: BatchStatus, version: number): Batch => {
  const items = [{ cardId: 'card_ix' as CardId, version: 1, contentDigest: 'd', channel: 'ghl_email' as Channel, leadKeys: [] }];
  return { id, items, snapshotDigest: snapshotDigest(items), status, createdBy: 'system:contract', createdAt: AT, updatedAt: AT, version, outcomes: [] };
};

const putBatch = fc.tuple(fc.constantFrom(...BATCHES), fc.constantFrom(...BATCH_STATUSES)).map(([b, status]) =>
  op(`batch(${b},${status})`, async (ctx) => {
    const current = (await ctx.store.getBatch(batchId(ctx, b)))._unsafeUnwrap();
    await ctx.store.putBatch(batchOf(batchId(ctx, b), status, (current?.version ?? 0) + 1), current?.version ?? null);
  }),
);

const importBatch = fc
  .tuple(fc.constantFrom(...BATCHES), fc.constantFrom(...BATCH_STATUSES))
  .map(([b, status]) => op(`importBatch(${b},${status})`, (ctx) => settle(ctx.store.importRecords([{ kind: 'batch', value: batchOf(batchId(ctx, b), status, 7) }]))));

/** The actions the audit ops use: two indexed by action (`INDEXED_AUDIT_ACTIONS`), one not. */
export const INDEX_AUDIT_ACTIONS = ['reply.handled', 'send.unknown', 'card.approved'] as const;
export const INDEX_TRACES = ['t0', 't1'] as const;
/** The identity key of a lead of the run (the e-mail key `leadOf` gives it). */
export const leadKey = (ctx: IndexOpsContext, name: string): IdentityKey => `email:${leadId(ctx, name)}@ix.example` as IdentityKey;

let auditSeq = 0;
const appendAudit = fc.tuple(fc.constantFrom(...INDEX_AUDIT_ACTIONS), fc.constantFrom(...INDEX_TRACES), fc.option(card, { nil: undefined }), fc.option(lead, { nil: undefined }), fc.subarray([...INDEX_LEADS])).map(([action, trace, c, l, keys]) =>
  op(`audit(${action},${trace},${c ?? '-'},${l ?? '-'},[${keys.join(' ')}])`, async (ctx) => {
    const entry: AuditEntry = {
      id: `au_${ctx.ns}${auditSeq++}`,
      trace: { ...aTrace(), traceId: `trace_${ctx.ns}${trace}` as TraceId },
      action,
      ...(c !== undefined ? { cardId: cardId(ctx, c) } : {}),
      ...(l !== undefined ? { leadId: leadId(ctx, l) } : {}),
      ...(keys.length > 0 ? { identityKeys: keys.map((k) => leadKey(ctx, k)) } : {}),
      detail: {},
    };
    await ctx.store.appendAudit(entry);
  }),
);

/** Archival: the `n` oldest entries dropped from the head (what `archiveAudit` does after writing them out). */
const archiveAudit = fc.integer({ min: 1, max: 4 }).map((n) =>
  op(`archive(${n})`, async (ctx) => {
    const head = (await ctx.store.listAuditHead(n))._unsafeUnwrap();
    await ctx.store.dropAuditHead(head.map((e) => e.id));
  }),
);

const reopen = fc.constant(
  op('reopen', async (ctx) => {
    if (!ctx.reopen) return;
    await ctx.store.close();
    ctx.store = await ctx.reopen();
  }),
);

/** Every write path that changes what the card, batch and audit listings answer. */
export const indexOps = (durable: boolean): fc.Arbitrary<IndexOp> =>
  fc.oneof(
    { arbitrary: createCard, weight: 4 },
    { arbitrary: moveCard, weight: 4 },
    { arbitrary: claim, weight: 2 },
    { arbitrary: outcome, weight: 2 },
    { arbitrary: putLead, weight: 1 },
    { arbitrary: merge, weight: 1 },
    { arbitrary: erase, weight: 1 },
    { arbitrary: importCard, weight: 1 },
    { arbitrary: restore, weight: 1 },
    { arbitrary: putBatch, weight: 2 },
    { arbitrary: importBatch, weight: 1 },
    { arbitrary: appendAudit, weight: 3 },
    { arbitrary: archiveAudit, weight: 1 },
    { arbitrary: durable ? reopen : restore, weight: 1 },
  );
