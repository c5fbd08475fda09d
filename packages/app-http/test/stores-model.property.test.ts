import { FileStateStore } from '@caio/adapters-file';
import { initializeRedisEpoch, openRedisStateStore } from '@caio/adapters-redis';
import { canonicalJson, DualStateStore, initialControls, MemoryStateStore, type AttemptId, type CardId, type EventId, type StateStore, type TraceId } from '@caio/core';
import { aCard, aClaim, aLead, ManualClock, SequentialIds } from '@caio/testkit';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeRedisPrefixes } from './support/redis-cleanup.js';

interface Real {
  store: StateStore;
  reopen: () => Promise<StateStore>;
}
interface Model {
  model: MemoryStateStore;
}

const at = '2026-03-02T20:00:00.000Z';
const trace = { traceId: 'trace_model' as TraceId, actor: 'model', at, origin: 'test' as const };
const LEADS = ['ada', 'bob', 'cy'];
const CARDS = ['card_0', 'card_1', 'card_2', 'card_3', 'card_4'];
const leadFor = (card: string) => aLead(LEADS[Number(card.slice(-1)) % LEADS.length]!);

type Op = (store: StateStore) => unknown;

/** Operations on both sides; results must match too (same Ok/Err and tag). */
const ops: fc.Arbitrary<[string, Op]>[] = [
  fc.constantFrom(...LEADS).map((id) => [`putLead(${id})`, (s: StateStore) => s.putLead(aLead(id), null)] as [string, Op]),
  fc.tuple(fc.constantFrom(...CARDS), fc.constantFrom('ghl_email' as const, 'instantly' as const)).map(
    ([id, channel]) => [`putQueuedCard(${id},${channel})`, (s: StateStore) => s.putCard({ ...aCard(id, leadFor(id), { channel, ...(channel === 'instantly' ? { campaignId: 'c' } : {}) }), status: 'queued' }, null)] as [string, Op],
  ),
  fc.tuple(fc.constantFrom(...CARDS), fc.integer({ min: 1, max: 3 })).map(
    ([id, cap]) =>
      [
        `claim(${id},cap ${cap})`,
        async (s: StateStore) => {
          const card = (await s.getCard(id as CardId))._unsafeUnwrap();
          return card ? s.claimSend(aClaim(card, { dailyCap: cap, attemptId: `attempt_${id}` as AttemptId })) : null;
        },
      ] as [string, Op],
  ),
  fc.tuple(fc.constantFrom(...CARDS), fc.constantFrom('sent' as const, 'failed' as const, 'unknown' as const)).map(
    ([id, state]) =>
      [
        `outcome(${id},${state})`,
        (s: StateStore) =>
          s.recordOutcome({ cardId: id as CardId, step: 0, attemptId: `attempt_${id}` as AttemptId, outcome: state === 'sent' ? { state, receipt: { m: id } } : { state, reason: 'r' }, trace }),
      ] as [string, Op],
  ),
  fc.constantFrom(...LEADS).map((id) => [`suppress(${id})`, (s: StateStore) => s.addSuppression({ target: `email:${id}@acme.example` as never, reason: 'bounced', source: 'model', at })] as [string, Op]),
  fc.boolean().map(
    (engaged) =>
      [
        `stop(${engaged})`,
        async (s: StateStore) => {
          const c = (await s.getControls())._unsafeUnwrap();
          return s.putControls({ ...initialControls(at), emergencyStop: { engaged }, version: c.version + 1 }, c.version);
        },
      ] as [string, Op],
  ),
  fc.constantFrom('evt_a', 'evt_b').map((id) => [`inbox(${id})`, (s: StateStore) => s.recordInboxEvent({ eventId: id as EventId, provider: 'clay', receivedAt: at, expiresAt: '2026-03-09T00:00:00.000Z', payload: { id } })] as [string, Op]),
  fc.tuple(fc.constantFrom('evt_a', 'evt_b'), fc.boolean()).map(
    ([id, audited]) =>
      [
        `applied(${id}${audited ? ',audited' : ''})`,
        (s: StateStore) => s.markInboxApplied(id as EventId, at, audited ? { id: `au_closing_${id}`, trace, action: 'webhook.ReplyReceived', eventId: id as EventId, cardId: 'card_1' as CardId, detail: { id } } : undefined),
      ] as [string, Op],
  ),
  fc.tuple(fc.array(fc.constantFrom('evt_a', 'evt_b', 'evt_c'), { maxLength: 3 }), fc.constantFrom('h1', 'h2')).map(
    ([ids, holder]) => [`claim(${ids.join(',')};${holder})`, (s: StateStore) => s.claimInboxEvents(ids as EventId[], { holder, ttlMs: 30_000 })] as [string, Op],
  ),
  fc.array(fc.tuple(fc.constantFrom('evt_a', 'evt_b'), fc.boolean()), { maxLength: 3 }).map(
    (marks) =>
      [
        `appliedMany(${marks.map(([id, audited]) => `${id}${audited ? ':audited' : ''}`).join(',')})`,
        (s: StateStore) =>
          s.markInboxAppliedMany(marks.map(([id, audited], i) => ({ eventId: id as EventId, at, ...(audited ? { entry: { id: `au_many_${id}_${i}`, trace, action: 'webhook.EmailBounced', eventId: id as EventId, cardId: 'card_1' as CardId, detail: { id, i } } } : {}) }))),
      ] as [string, Op],
  ),
  fc.constantFrom('evt_a', 'evt_b').map(
    (id) =>
      [
        `recordApplied(${id})`,
        (s: StateStore) => s.recordAppliedInboxEvent({ eventId: id as EventId, provider: 'clay', receivedAt: at, expiresAt: '2026-03-09T00:00:00.000Z', payload: { id } }, { id: `au_${id}`, trace, action: 'webhook.EmailOpened', eventId: id as EventId, detail: { id } }),
      ] as [string, Op],
  ),
  fc.tuple(fc.constantFrom('au1', 'au2', 'au3'), fc.constantFrom(...CARDS)).map(
    ([id, card]) => [`audit(${id},${card})`, (s: StateStore) => s.appendAudit({ id, trace, action: 'card.approved', cardId: card as CardId, detail: { id } })] as [string, Op],
  ),
  fc.array(fc.constantFrom('au1', 'au2', 'au3'), { maxLength: 3 }).map((ids) => [`dropAuditHead(${ids.join(',')})`, (s: StateStore) => s.dropAuditHead(ids)] as [string, Op]),
];

/** What `exportRecords` leaves out: the audit log, in order, and one card's audit index. */
const auditView = async (store: StateStore): Promise<string> =>
  canonicalJson([(await store.listAuditHead(1_000))._unsafeUnwrap(), (await store.listAudit({ cardId: 'card_1' as CardId, limit: 1_000 }))._unsafeUnwrap()]);

const outcomeOf = (result: unknown): string => {
  if (result === null || typeof result !== 'object' || !('isOk' in result)) return 'none';
  const r = result as { isOk(): boolean; value?: { _tag?: string }; error?: { _tag: string; reason?: string } };
  // An inbox record's tag (New, Pending, Applied...) is part of the outcome.
  // So are a batch's claim verdicts.
  return r.isOk() ? `ok:${Array.isArray(r.value) ? r.value.join(',') : (r.value?._tag ?? '')}` : `${r.error?._tag}:${r.error?.reason ?? ''}`;
};

class Apply implements fc.AsyncCommand<Model, Real> {
  constructor(readonly op: [string, Op]) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const [expected, actual] = [await this.op[1](m.model), await this.op[1](r.store)];
    expect(outcomeOf(actual), this.op[0]).toBe(outcomeOf(expected));
    expect(canonicalJson((await r.store.exportRecords())._unsafeUnwrap())).toBe(canonicalJson((await m.model.exportRecords())._unsafeUnwrap()));
    expect(await auditView(r.store), this.op[0]).toBe(await auditView(m.model));
  }
  toString = () => this.op[0];
}

class Restart implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real) {
    await r.store.close();
    r.store = await r.reopen();
    expect(canonicalJson((await r.store.exportRecords())._unsafeUnwrap())).toBe(canonicalJson((await m.model.exportRecords())._unsafeUnwrap()));
    expect(await auditView(r.store)).toBe(await auditView(m.model));
  }
  toString = () => 'Restart';
}

const commands = [...ops.map((op) => op.map((o) => new Apply(o))), fc.constant(new Restart())];

const runModel = (open: () => Promise<Real & { dispose: () => Promise<void> }>, numRuns: number) =>
  fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: 'max' }), async (cmds) => {
      const real = await open();
      try {
        await fc.asyncModelRun(() => ({ model: { model: new MemoryStateStore(() => new ManualClock(at).now()) }, real }), cmds);
      } finally {
        await real.store.close();
        await real.dispose();
      }
    }),
    { numRuns },
  );

describe('stores stay equal to the reference model (random operations, restarts included)', () => {
  it('file store', async () => {
    await runModel(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'caio-model-'));
      const open = async () => (await FileStateStore.open({ dir, clock: new ManualClock(at), compactAfterBytes: 4096 }))._unsafeUnwrap();
      return { store: await open(), reopen: open, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    }, 60);
  }, 120_000);

  it('Redis store', async () => {
    let n = 0;
    await runModel(async () => {
      const prefix = `caio-model:${process.pid}:${++n}:${Date.now()}`;
      (await initializeRedisEpoch({ url: 'redis://127.0.0.1:6379', keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
      const open = async () => (await openRedisStateStore({ url: 'redis://127.0.0.1:6379', keyPrefix: prefix, clock: new ManualClock(at) }))._unsafeUnwrap();
      return { store: await open(), reopen: open, dispose: () => removeRedisPrefixes([prefix]) };
    }, 60);
  }, 120_000);

  it('dual store over Redis and file (A/A: both flags on, no drift)', async () => {
    let n = 0;
    await runModel(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'caio-model-dual-'));
      const prefix = `caio-model-dual:${process.pid}:${++n}:${Date.now()}`;
      const clock = new ManualClock(at);
      let dual: DualStateStore | null = null;
      (await initializeRedisEpoch({ url: 'redis://127.0.0.1:6379', keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
      const open = async () => {
        const redis = (await openRedisStateStore({ url: 'redis://127.0.0.1:6379', keyPrefix: prefix, clock }))._unsafeUnwrap();
        const file = (await FileStateStore.open({ dir, clock }))._unsafeUnwrap();
        dual = new DualStateStore(redis, file, { dualRead: true, fallbackWrite: true, clock, ids: new SequentialIds() });
        return dual;
      };
      return {
        store: await open(),
        reopen: open,
        dispose: async () => {
          expect(dual?.drift().readMismatches ?? 0).toBe(0);
          expect(dual?.drift().partialWrites ?? 0).toBe(0);
          rmSync(dir, { recursive: true, force: true });
          await removeRedisPrefixes([prefix]);
        },
      };
    }, 25);
  }, 120_000);
});
