import { acceptWebhookEvents, applyPendingWebhookEvents, INBOX_APPLY_CLAIM_MS, type ApplierPass, type DomainEvent, type EventId, type IdentityKey } from '@caio/core';
import { ResultAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { makeWorld, seedCard, traceOf, type World } from './fixture.js';

const event = (world: World, eventId: string, overrides: Partial<DomainEvent> & Pick<DomainEvent, 'type'>): DomainEvent =>
  ({ eventId: eventId as EventId, provider: 'instantly', occurredAt: world.clock.now().toISOString(), channel: 'instantly', lead: { email: 'ada@acme.example' }, ...overrides }) as DomainEvent;

const accept = (world: World, events: DomainEvent[], traceId = 'trace_delivery') =>
  acceptWebhookEvents(world.deps, { events, trace: { ...traceOf(world, 'webhook:instantly'), traceId: traceId as never } });

const pass = (world: World) => applyPendingWebhookEvents(world.deps, { parse: (p) => p as DomainEvent, trace: traceOf(world, 'system:webhook-applier') });

/** Runs `appliers` concurrent passes until the backlog is empty (each pass either applies something or waits on another's claim). */
const drain = async (world: World, appliers: number): Promise<ApplierPass[]> => {
  const passes: ApplierPass[] = [];
  while ((await world.deps.store.inboxBacklog())._unsafeUnwrap().pending > 0) {
    const round = await Promise.all(Array.from({ length: appliers }, () => pass(world)));
    passes.push(...round.map((r) => r._unsafeUnwrap()));
    expect(round.some((r) => r._unsafeUnwrap().applied > 0)).toBe(true);
  }
  return passes;
};

const webhookAudit = async (world: World) =>
  (await world.deps.store.listAudit({}))._unsafeUnwrap().flatMap((e) => (e.action.startsWith('webhook.') ? [[e.action, e.eventId, e.trace.traceId]] : []));

describe('webhook accept, then apply', () => {
  it('records a delivery in one store write and answers; the effects wait for the applier, which applies them under the delivery trace', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    const store = world.deps.store;
    const writes: string[] = [];
    for (const name of ['acceptInboxEvents', 'recordInboxEvent', 'recordAppliedInboxEvent', 'appendAudit', 'markInboxApplied', 'claimInboxEvents', 'markInboxAppliedMany', 'addSuppression', 'addCadenceStop', 'findLeadsByKeys'] as const) {
      const original = store[name].bind(store) as (...args: unknown[]) => never;
      (store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => (writes.push(name), original(...args));
    }
    const delivery = [event(world, 'evt_open', { type: 'EmailOpened' }), event(world, 'evt_bounce', { type: 'EmailBounced' })];
    expect((await accept(world, delivery))._unsafeUnwrap()).toEqual([
      { eventId: 'evt_open', status: 'applied' },
      { eventId: 'evt_bounce', status: 'accepted' },
    ]);
    // One write, no lookup: the open is applied with it (its audit entry), the bounce is pending.
    expect(writes).toEqual(['acceptInboxEvents']);
    expect((await store.findSuppressions(['email:ada@acme.example' as IdentityKey]))._unsafeUnwrap()).toEqual([]);
    expect((await store.inboxBacklog())._unsafeUnwrap()).toEqual({ pending: 1, oldestReceivedAt: world.clock.now().toISOString() });
    // A redelivery before the applier ran is a duplicate, not a second pending event.
    expect((await accept(world, delivery))._unsafeUnwrap().map((e) => e.status)).toEqual(['duplicate', 'duplicate']);
    expect((await pass(world))._unsafeUnwrap()).toEqual({ listed: 1, applied: 1, waiting: 0, failure: null });
    const suppressed = (await store.findSuppressions(['email:ada@acme.example', 'linkedin:linkedin.com/in/ada'] as IdentityKey[]))._unsafeUnwrap();
    expect(suppressed.map((s) => s.reason)).toEqual(['bounced', 'bounced']);
    expect(await webhookAudit(world)).toEqual([
      ['webhook.EmailOpened', 'evt_open', 'trace_delivery'],
      ['webhook.EmailBounced', 'evt_bounce', 'trace_delivery'],
    ]);
    expect((await store.inboxBacklog())._unsafeUnwrap()).toEqual({ pending: 0, oldestReceivedAt: null });
    expect((await pass(world))._unsafeUnwrap()).toEqual({ listed: 0, applied: 0, waiting: 0, failure: null });
  });

  it("reads the person's keys together with the round's claims: an event with effects costs three round trips after the listing, not four", async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    await accept(world, [event(world, 'evt_unsub', { type: 'Unsubscribed' })]);
    const store = world.deps.store;
    // Each call's round: one more than the latest round finished when it was issued (calls issued together share one).
    const rounds: [string, number][] = [];
    let finished = 0;
    for (const name of ['listPendingInbox', 'claimInboxEvents', 'findLeadsByKeys', 'addSuppression', 'addCadenceStop', 'markInboxAppliedMany'] as const) {
      const original = store[name].bind(store) as (...args: unknown[]) => ResultAsync<unknown, unknown>;
      (store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        const round = finished + 1;
        rounds.push([name, round]);
        return original(...args).map((value) => ((finished = Math.max(finished, round)), value));
      };
    }
    expect((await pass(world))._unsafeUnwrap()).toEqual({ listed: 1, applied: 1, waiting: 0, failure: null });
    expect(rounds).toEqual([
      ['listPendingInbox', 1],
      ['findLeadsByKeys', 2],
      ['claimInboxEvents', 2],
      ['addSuppression', 3],
      ['addSuppression', 3],
      ['addCadenceStop', 3],
      ['addCadenceStop', 3],
      ['markInboxAppliedMany', 4],
    ]);
    expect((await store.findSuppressions(['email:ada@acme.example', 'linkedin:linkedin.com/in/ada'] as IdentityKey[]))._unsafeUnwrap().map((s) => s.reason)).toEqual(['unsubscribed', 'unsubscribed']);
  });

  it("keeps an open behind its person's pending event of the same delivery, so the person's history keeps the delivery's order", async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    const delivery = [event(world, 'evt_sent', { type: 'EmailSent' }), event(world, 'evt_open', { type: 'EmailOpened' }), event(world, 'evt_bob_open', { type: 'EmailOpened', lead: { email: 'bob@acme.example' } })];
    expect((await accept(world, delivery))._unsafeUnwrap().map((e) => e.status)).toEqual(['accepted', 'accepted', 'applied']);
    await drain(world, 1);
    expect((await webhookAudit(world)).map(([, id]) => id)).toEqual(['evt_bob_open', 'evt_sent', 'evt_open']);
  });

  it('applies every event once with several appliers and repeated deliveries', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    const events = ['ada', 'bob', 'cy', 'dee'].map((name, i) => event(world, `evt_${i}`, { type: 'Unsubscribed', lead: { email: `${name}@acme.example` } }));
    await Promise.all([accept(world, events), accept(world, events), accept(world, events.slice(2))]);
    await drain(world, 3);
    const applied = (await webhookAudit(world)).map(([, id]) => id).sort();
    expect(applied).toEqual(['evt_0', 'evt_1', 'evt_2', 'evt_3']);
  });

  it("keeps a person's order: a reply accepted before a bounce is applied first, even with several appliers", async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    // Received at the same instant, and ids that sort the other way: only the acceptance order says which came first.
    await accept(world, [event(world, 'evt_z_reply', { type: 'ReplyReceived' })]);
    await accept(world, [event(world, 'evt_a_bounce', { type: 'EmailBounced', lead: { email: 'ADA@acme.example', linkedinUrl: 'https://linkedin.com/in/ada' } })]);
    await accept(world, [event(world, 'evt_m_other', { type: 'Unsubscribed', lead: { email: 'bob@acme.example' } })]);
    // The reply's lookup (it names the e-mail only) is the slow one: a bounce applied beside it would finish first.
    const store = world.deps.store;
    const find = store.findLeadsByKeys.bind(store);
    store.findLeadsByKeys = (keys) => (keys.length === 1 ? new ResultAsync(new Promise<Awaited<ReturnType<typeof find>>>((resolve) => setTimeout(() => resolve(find(keys)), 20))) : find(keys)) as never;
    await drain(world, 3);
    const order = (await webhookAudit(world)).map(([action]) => action);
    expect(order.indexOf('webhook.ReplyReceived')).toBeLessThan(order.indexOf('webhook.EmailBounced'));
    expect(order).toHaveLength(3);
  });

  it("waits behind another applier's claim on a person's earlier event, and never overtakes it", async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    const reply = event(world, 'evt_reply', { type: 'ReplyReceived' });
    await accept(world, [reply]);
    await accept(world, [event(world, 'evt_bounce', { type: 'EmailBounced' }), event(world, 'evt_bob', { type: 'Unsubscribed', lead: { email: 'bob@acme.example' } })]);
    // Another instance holds the reply's claim (it is applying it, or died doing so).
    const [pending] = (await world.deps.store.listPendingInbox(1))._unsafeUnwrap();
    const { applied: _applied, ...entry } = pending!;
    expect((await world.deps.store.recordInboxEvent(entry, { holder: 'elsewhere', ttlMs: INBOX_APPLY_CLAIM_MS }))._unsafeUnwrap()._tag).toBe('Pending');
    // Bob's lane goes ahead; Ada's bounce waits behind her reply.
    expect((await pass(world))._unsafeUnwrap()).toEqual({ listed: 3, applied: 1, waiting: 2, failure: null });
    expect((await world.deps.store.findSuppressions(['email:ada@acme.example' as IdentityKey]))._unsafeUnwrap()).toEqual([]);
    // The holder died: its claim lapses and the reply, then the bounce, are applied.
    world.clock.advance(INBOX_APPLY_CLAIM_MS + 1);
    expect((await pass(world))._unsafeUnwrap()).toEqual({ listed: 2, applied: 2, waiting: 0, failure: null });
    expect((await webhookAudit(world)).map(([, id]) => id)).toEqual(['evt_bob', 'evt_reply', 'evt_bounce']);
  });

  it('refuses a delivery whose lead the domain cannot create, recording nothing', async () => {
    const world = makeWorld();
    const enriched = { eventId: 'clay:1' as EventId, provider: 'clay', occurredAt: world.clock.now().toISOString(), type: 'LeadEnriched', lead: { source: 'clay', sourceLabel: ' ', email: 'ada@acme.example' } } as unknown as DomainEvent;
    const refused = await accept(world, [event(world, 'evt_open', { type: 'EmailOpened' }), enriched]);
    expect(refused._unsafeUnwrapErr()).toMatchObject({ _tag: 'ValidationError', field: 'sourceLabel' });
    expect((await world.deps.store.exportRecords())._unsafeUnwrap().filter((r) => r.kind === 'inbox')).toEqual([]);
  });
});
