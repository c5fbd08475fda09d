import { acceptWebhookEvents, applyPendingWebhookEvents, DEFAULT_INBOX_RETENTION_DAYS, INBOX_APPLY_CLAIM_MS, type DomainEvent, type EventId, type IdentityKey, type InboxEvent, type StoreError } from '@caio/core';
import { errAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { makeWorld, traceOf, type World } from './fixture.js';

const unsubscribe = (world: World, eventId: string, email: string): DomainEvent =>
  ({ eventId: eventId as EventId, provider: 'instantly', occurredAt: world.clock.now().toISOString(), channel: 'instantly', type: 'Unsubscribed', lead: { email } }) as DomainEvent;

const accept = async (world: World, events: DomainEvent[]) =>
  (await acceptWebhookEvents(world.deps, { events, trace: { ...traceOf(world, 'webhook:instantly'), traceId: 'trace_delivery' as never } }))._unsafeUnwrap();

const people = (world: World, n: number, from = 0) => Array.from({ length: n }, (_, i) => unsubscribe(world, `evt_p${from + i}`, `p${from + i}@acme.example`));

/** The inbox calls of the applier, in order: each claim batch's ids, each mark batch's ids, each release. */
const spyInbox = (world: World) => {
  const calls: { op: string; ids: string[] }[] = [];
  const store = world.deps.store;
  const claim = store.claimInboxEvents.bind(store);
  const mark = store.markInboxAppliedMany.bind(store);
  const release = store.releaseInboxClaim.bind(store);
  const record = store.recordInboxEvent.bind(store);
  const markOne = store.markInboxApplied.bind(store);
  store.claimInboxEvents = (ids, c) => (calls.push({ op: 'claim', ids: [...ids] }), claim(ids, c));
  store.markInboxAppliedMany = (marks) => (calls.push({ op: 'mark', ids: marks.map((m) => m.eventId) }), mark(marks));
  store.releaseInboxClaim = (id, holder) => (calls.push({ op: 'release', ids: [id] }), release(id, holder));
  store.recordInboxEvent = (e, c) => (calls.push({ op: 'recordInboxEvent', ids: [e.eventId] }), record(e, c));
  store.markInboxApplied = (id, at, entry) => (calls.push({ op: 'markInboxApplied', ids: [id] }), markOne(id, at, entry));
  return { calls, of: (op: string) => calls.filter((c) => c.op === op).map((c) => c.ids) };
};

const pass = (world: World, options: { concurrency?: number; onApplied?: (e: InboxEvent) => void } = {}) =>
  applyPendingWebhookEvents(world.deps, { parse: (p) => p as DomainEvent, trace: traceOf(world, 'system:webhook-applier'), ...options });

const suppressed = async (world: World, email: string) => (await world.deps.store.findSuppressions([`email:${email}` as IdentityKey]))._unsafeUnwrap().length > 0;
const audited = async (world: World) => (await world.deps.store.listAudit({}))._unsafeUnwrap().flatMap((e) => (e.action.startsWith('webhook.') ? [e.eventId] : []));
const storeDown: StoreError = { _tag: 'StoreUnavailable', message: 'down' };

describe('the webhook applier claims and marks in rounds', () => {
  it('applies N independent events in ceil(N/16) claim calls and as many mark calls, never one event at a time', async () => {
    const world = makeWorld();
    await accept(world, people(world, 40));
    const spy = spyInbox(world);
    expect((await pass(world))._unsafeUnwrap()).toEqual({ listed: 40, applied: 40, waiting: 0, failure: null });
    expect(spy.of('claim').map((ids) => ids.length)).toEqual([16, 16, 8]);
    expect(spy.of('mark')).toEqual(spy.of('claim'));
    expect(spy.of('recordInboxEvent')).toEqual([]);
    expect(spy.of('markInboxApplied')).toEqual([]);
    expect(spy.of('release')).toEqual([]);
    expect((await audited(world)).sort()).toEqual(people(world, 40).map((e) => e.eventId).sort());
    expect((await world.deps.store.inboxBacklog())._unsafeUnwrap().pending).toBe(0);
  });

  it('claims no more than `concurrency` events at once', async () => {
    const world = makeWorld();
    await accept(world, people(world, 10));
    const spy = spyInbox(world);
    expect((await pass(world, { concurrency: 4 }))._unsafeUnwrap().applied).toBe(10);
    expect(spy.of('claim').map((ids) => ids.length)).toEqual([4, 4, 2]);
    // Each round's marks come before the next round's claims: at most 4 claims outstanding.
    expect(spy.calls.map((c) => c.op)).toEqual(['claim', 'mark', 'claim', 'mark', 'claim', 'mark']);
  });

  it("keeps a person's order across rounds: only a lane's head is claimed, its next event after the head's mark", async () => {
    const world = makeWorld();
    const ada = ['evt_ada_1', 'evt_ada_2', 'evt_ada_3'].map((id) => unsubscribe(world, id, 'ada@acme.example'));
    await accept(world, [ada[0]!, ...people(world, 3), ada[1]!, ada[2]!]);
    const spy = spyInbox(world);
    expect((await pass(world, { concurrency: 2 }))._unsafeUnwrap()).toEqual({ listed: 6, applied: 6, waiting: 0, failure: null });
    const roundOf = (op: string, id: string) => spy.calls.findIndex((c) => c.op === op && c.ids.includes(id));
    for (const [earlier, later] of [[ada[0]!, ada[1]!], [ada[1]!, ada[2]!]] as const) {
      expect(roundOf('claim', later.eventId)).toBeGreaterThan(roundOf('mark', earlier.eventId));
    }
    // No claim batch holds two of Ada's events, and each was claimed once.
    for (const ids of spy.of('claim')) expect(ids.filter((id) => id.startsWith('evt_ada')).length).toBeLessThanOrEqual(1);
    expect(spy.of('claim').flat().filter((id) => id.startsWith('evt_ada'))).toEqual(['evt_ada_1', 'evt_ada_2', 'evt_ada_3']);
    expect((await audited(world)).filter((id) => id?.startsWith('evt_ada'))).toEqual(['evt_ada_1', 'evt_ada_2', 'evt_ada_3']);
  });

  it("leaves a lane whose head another applier holds waiting, never claiming its later events, while the others proceed", async () => {
    const world = makeWorld();
    const ada = ['evt_ada_1', 'evt_ada_2'].map((id) => unsubscribe(world, id, 'ada@acme.example'));
    await accept(world, [ada[0]!, ...people(world, 20), ada[1]!]);
    expect((await world.deps.store.claimInboxEvents(['evt_ada_1' as EventId], { holder: 'elsewhere', ttlMs: INBOX_APPLY_CLAIM_MS }))._unsafeUnwrap()).toEqual(['Claimed']);
    const spy = spyInbox(world);
    expect((await pass(world))._unsafeUnwrap()).toEqual({ listed: 22, applied: 20, waiting: 2, failure: null });
    expect(spy.of('claim').flat().filter((id) => id.startsWith('evt_ada'))).toEqual(['evt_ada_1']);
    expect(await suppressed(world, 'ada@acme.example')).toBe(false);
    expect(await suppressed(world, 'p19@acme.example')).toBe(true);
    // The holder died: its claim lapses, and the next pass applies Ada's events in order.
    world.clock.advance(INBOX_APPLY_CLAIM_MS + 1);
    expect((await pass(world))._unsafeUnwrap()).toEqual({ listed: 2, applied: 2, waiting: 0, failure: null });
    expect((await audited(world)).slice(-2)).toEqual(['evt_ada_1', 'evt_ada_2']);
  });

  it('skips a head applied meanwhile, and goes on with its lane without counting it', async () => {
    const world = makeWorld();
    await accept(world, [unsubscribe(world, 'evt_1', 'ada@acme.example'), unsubscribe(world, 'evt_2', 'ada@acme.example')]);
    // Another applier finished evt_1 after this pass listed it.
    const store = world.deps.store;
    const list = store.listPendingInbox.bind(store);
    store.listPendingInbox = (limit) => list(limit).andThen((pending) => store.markInboxAppliedMany([{ eventId: 'evt_1' as EventId, at: world.clock.now().toISOString() }]).map(() => pending));
    expect((await pass(world))._unsafeUnwrap()).toEqual({ listed: 2, applied: 1, waiting: 0, failure: null });
    expect(await audited(world)).toEqual(['evt_2']);
  });

  it('skips heads no longer known (their retention ended after the listing), applying nothing', async () => {
    const world = makeWorld();
    await accept(world, [unsubscribe(world, 'evt_1', 'ada@acme.example'), unsubscribe(world, 'evt_2', 'ada@acme.example')]);
    const store = world.deps.store;
    const list = store.listPendingInbox.bind(store);
    store.listPendingInbox = (limit) => list(limit).map((pending) => (world.clock.advance(DEFAULT_INBOX_RETENTION_DAYS * 86_400_000 + 1), pending));
    const spy = spyInbox(world);
    expect((await pass(world))._unsafeUnwrap()).toEqual({ listed: 2, applied: 0, waiting: 0, failure: null });
    expect(spy.of('claim')).toEqual([['evt_1'], ['evt_2']]);
    expect(spy.of('mark')).toEqual([]);
    expect(await suppressed(world, 'ada@acme.example')).toBe(false);
  });

  it('releases only the claim of the event whose effects failed, stops its lane, and marks the rest', async () => {
    const world = makeWorld();
    const bob = ['evt_bob_1', 'evt_bob_2'].map((id) => unsubscribe(world, id, 'bob@acme.example'));
    await accept(world, [bob[0]!, ...people(world, 5), bob[1]!]);
    const store = world.deps.store;
    const suppress = store.addSuppression.bind(store);
    store.addSuppression = (s) => (s.target === 'email:bob@acme.example' ? (errAsync(storeDown) as ReturnType<typeof suppress>) : suppress(s));
    const spy = spyInbox(world);
    const result = (await pass(world))._unsafeUnwrap();
    expect(result).toEqual({ listed: 7, applied: 5, waiting: 2, failure: storeDown });
    expect(spy.of('release')).toEqual([['evt_bob_1']]);
    expect(spy.of('mark')).toEqual([['evt_p0', 'evt_p1', 'evt_p2', 'evt_p3', 'evt_p4']]);
    // Released: another applier may take it at once; the others' marks dropped their claims with them.
    expect((await store.claimInboxEvents(['evt_bob_1', 'evt_p0'] as EventId[], { holder: 'other', ttlMs: 1_000 }))._unsafeUnwrap()).toEqual(['Claimed', 'Applied']);
    await store.releaseInboxClaim('evt_bob_1' as EventId, 'other');
    store.addSuppression = suppress;
    expect((await pass(world))._unsafeUnwrap()).toEqual({ listed: 2, applied: 2, waiting: 0, failure: null });
  });

  it('tells of each applied event only after its batched mark; a failed mark releases the claims and the events are applied again, audited once', async () => {
    const world = makeWorld();
    await accept(world, people(world, 3));
    const store = world.deps.store;
    const mark = store.markInboxAppliedMany.bind(store);
    const told: string[] = [];
    store.markInboxAppliedMany = () => errAsync(storeDown) as ReturnType<typeof mark>;
    const spy = spyInbox(world);
    expect((await pass(world, { onApplied: (e) => told.push(e.eventId) }))._unsafeUnwrap()).toEqual({ listed: 3, applied: 0, waiting: 3, failure: storeDown });
    expect(told).toEqual([]);
    expect(spy.of('release').flat().sort()).toEqual(['evt_p0', 'evt_p1', 'evt_p2']);
    expect((await store.inboxBacklog())._unsafeUnwrap().pending).toBe(3);
    expect(await audited(world)).toEqual([]);
    store.markInboxAppliedMany = (marks) => {
      told.push('mark');
      return mark(marks);
    };
    expect((await pass(world, { onApplied: (e) => told.push(e.eventId) }))._unsafeUnwrap()).toEqual({ listed: 3, applied: 3, waiting: 0, failure: null });
    expect(told).toEqual(['mark', 'evt_p0', 'evt_p1', 'evt_p2']);
    expect((await audited(world)).sort()).toEqual(['evt_p0', 'evt_p1', 'evt_p2']);
  });

  it('reports a failed claim call as the failure of every head of the round, leaving their lanes waiting', async () => {
    const world = makeWorld();
    await accept(world, people(world, 3));
    const store = world.deps.store;
    const claim = store.claimInboxEvents.bind(store);
    store.claimInboxEvents = (() => errAsync(storeDown)) as typeof claim;
    expect((await pass(world))._unsafeUnwrap()).toEqual({ listed: 3, applied: 0, waiting: 3, failure: storeDown });
    expect(await suppressed(world, 'p0@acme.example')).toBe(false);
  });
});
