import { dispatchCard, INBOX_APPLY_CLAIM_MS, ingestWebhookEvents, learnProviderKeys, replayPendingInbox, type DomainEvent, type EventId, type IdentityKey } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { makeWorld, seedCard, statusOf, traceOf, type World } from './fixture.js';

const event = (world: World, overrides: Partial<DomainEvent> & Pick<DomainEvent, 'type'>): DomainEvent =>
  ({
    eventId: 'evt_1' as EventId,
    provider: 'instantly',
    occurredAt: world.clock.now().toISOString(),
    channel: 'instantly',
    lead: { email: 'ADA@acme.example ' },
    ...overrides,
  }) as DomainEvent;

const ingest = (world: World, events: DomainEvent[]) => ingestWebhookEvents(world.deps, { events, trace: traceOf(world, 'webhook:instantly') });

describe('webhook ingest', () => {
  it('matches a GHL event by the contact id our send made a key of the person, before the address, and leaves an unknown contact unmatched', async () => {
    const world = makeWorld();
    const { card } = await seedCard(world, 'ada', 'card_1');
    await learnProviderKeys(world.deps, { id: card.id, leadId: card.leadId, channel: 'ghl_email' }, { contactId: 'ct_ada' }, traceOf(world));
    const deps = world.deps;
    const ghl = (id: string, lead: object) => event(world, { type: 'ReplyReceived', eventId: id as EventId, provider: 'ghl', channel: 'ghl_email', lead } as never);
    // A reply from another address (a personal one), named by GHL's contact id: the person is ada.
    (await ingestWebhookEvents(deps, { events: [ghl('ghl:1', { providerId: 'ct_ada', email: 'ada.home@mail.example' })], trace: traceOf(world, 'webhook:ghl') }))._unsafeUnwrap();
    const stops = (await world.deps.store.findCadenceStops(['email:ada@acme.example', 'linkedin:linkedin.com/in/ada', 'email:ada.home@mail.example'] as IdentityKey[]))._unsafeUnwrap();
    expect(stops.map((s) => s.identityKey).sort()).toEqual(['email:ada.home@mail.example', 'email:ada@acme.example', 'linkedin:linkedin.com/in/ada']);
    // Named only by the contact id: found through the identity index; every key of the person is suppressed.
    (await ingestWebhookEvents(deps, { events: [{ ...ghl('ghl:2', { providerId: 'ct_ada' }), type: 'Unsubscribed' } as DomainEvent], trace: traceOf(world, 'webhook:ghl') }))._unsafeUnwrap();
    const person = ['email:ada@acme.example', 'linkedin:linkedin.com/in/ada', 'ghl:ct_ada'] as IdentityKey[];
    expect((await world.deps.store.findSuppressions(person))._unsafeUnwrap().map((s) => s.target).sort()).toEqual([...person].sort());
    // A contact our sends never reached, with no address: recorded as unmatched, nothing changes.
    (await ingestWebhookEvents(deps, { events: [{ ...ghl('ghl:3', { providerId: 'ct_stranger' }), type: 'Unsubscribed' } as DomainEvent], trace: traceOf(world, 'webhook:ghl') }))._unsafeUnwrap();
    expect((await world.deps.store.listAudit({}))._unsafeUnwrap().filter((e) => e.action === 'webhook.unmatched').map((e) => e.eventId)).toEqual(['ghl:3']);
    expect((await world.deps.store.findSuppressions(['ghl:ct_stranger' as IdentityKey]))._unsafeUnwrap()).toEqual([]);
  });

  it('matches an Instantly event naming only the lead id our send made a key of the person: a reply stops the cadence, a bounce suppresses every key', async () => {
    const world = makeWorld();
    const { card } = await seedCard(world, 'ada', 'card_1');
    const leadId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    await learnProviderKeys(world.deps, { id: card.id, leadId: card.leadId, channel: 'instantly' }, { leadId: leadId.toUpperCase() }, traceOf(world));
    const person = ['email:ada@acme.example', 'linkedin:linkedin.com/in/ada', `instantly:${leadId}`] as IdentityKey[];
    (await ingest(world, [event(world, { type: 'ReplyReceived', eventId: 'evt_r' as EventId, lead: { providerId: leadId } } as never)]))._unsafeUnwrap();
    expect((await world.deps.store.findCadenceStops(person))._unsafeUnwrap().map((s) => `${s.identityKey} ${s.reason}`).sort()).toEqual(person.map((k) => `${k} replied`).sort());
    (await ingest(world, [event(world, { type: 'EmailBounced', eventId: 'evt_b' as EventId, lead: { providerId: leadId.toUpperCase() } } as never)]))._unsafeUnwrap();
    expect((await world.deps.store.findSuppressions(person))._unsafeUnwrap().map((s) => `${s.target} ${s.reason}`).sort()).toEqual(person.map((k) => `${k} bounced`).sort());
    const applied = (await world.deps.store.listAudit({}))._unsafeUnwrap().find((e) => e.action === 'webhook.EmailBounced');
    expect(applied?.detail).toMatchObject({ keys: expect.arrayContaining(person) });
  });

  it('suppresses every identity key of the person on unsubscribe, once', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    const first = (await ingest(world, [event(world, { type: 'Unsubscribed' })]))._unsafeUnwrap();
    expect(first).toEqual([{ eventId: 'evt_1', status: 'applied' }]);
    const found = (await world.deps.store.findSuppressions(['email:ada@acme.example', 'linkedin:linkedin.com/in/ada'] as never))._unsafeUnwrap();
    expect(found.map((s) => s.reason)).toEqual(['unsubscribed', 'unsubscribed']);
    const before = world.memory.snapshot();
    world.clock.advance(2 * 3_600_000); // a late provider retry of the same event
    expect((await ingest(world, [event(world, { type: 'Unsubscribed' })]))._unsafeUnwrap()).toEqual([{ eventId: 'evt_1', status: 'duplicate' }]);
    expect(world.memory.snapshot()).toBe(before);
  });

  it('audits an open with the keys it names, without looking the person up; an effect looks them up', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    const lookups: unknown[] = [];
    const store = world.deps.store;
    const find = store.findLeadsByKeys.bind(store);
    store.findLeadsByKeys = (keys) => (lookups.push(keys), find(keys));
    (await ingest(world, [event(world, { type: 'EmailOpened' })]))._unsafeUnwrap();
    expect(lookups).toEqual([]);
    const opened = (await store.listAudit({}))._unsafeUnwrap().find((e) => e.action === 'webhook.EmailOpened');
    expect(opened?.detail).toMatchObject({ keys: ['email:ada@acme.example'] });
    // A reply stops the cadence of every key of the person: that needs the lookup.
    (await ingest(world, [event(world, { type: 'ReplyReceived', eventId: 'evt_2' as EventId })]))._unsafeUnwrap();
    expect(lookups).toHaveLength(1);
    const replied = (await store.listAudit({}))._unsafeUnwrap().find((e) => e.action === 'webhook.ReplyReceived');
    expect(replied?.detail).toMatchObject({ keys: ['email:ada@acme.example', 'linkedin:linkedin.com/in/ada'] });
  });

  it('records, audits and applies an audit-only event in one store write; a redelivery is a duplicate', async () => {
    const world = makeWorld();
    const store = world.deps.store;
    const writes: string[] = [];
    for (const name of ['recordInboxEvent', 'recordAppliedInboxEvent', 'appendAudit', 'markInboxApplied'] as const) {
      const original = store[name].bind(store) as (...args: unknown[]) => never;
      (store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => (writes.push(name), original(...args));
    }
    const opened = event(world, { type: 'EmailOpened' });
    expect((await ingest(world, [opened]))._unsafeUnwrap()).toEqual([{ eventId: 'evt_1', status: 'applied' }]);
    // An open, a click, an ignored or an unmatched event: nothing to apply but the audit entry.
    const unmatched = event(world, { type: 'LinkClicked', eventId: 'evt_2' as EventId, lead: {} });
    const ignored = { eventId: 'evt_3' as EventId, provider: 'instantly', occurredAt: world.clock.now().toISOString(), type: 'Ignored', providerType: 'auto_reply_received' } as DomainEvent;
    expect((await ingest(world, [unmatched, ignored]))._unsafeUnwrap().map((e) => e.status)).toEqual(['applied', 'applied']);
    expect(writes).toEqual(['recordAppliedInboxEvent', 'recordAppliedInboxEvent', 'recordAppliedInboxEvent']);
    const actions = (await store.listAudit({}))._unsafeUnwrap().map((e) => [e.action, e.eventId]);
    expect(actions).toEqual([['webhook.EmailOpened', 'evt_1'], ['webhook.unmatched', 'evt_2'], ['webhook.ignored', 'evt_3']]);
    expect((await ingest(world, [opened]))._unsafeUnwrap()).toEqual([{ eventId: 'evt_1', status: 'duplicate' }]);
    expect((await store.listAudit({}))._unsafeUnwrap()).toHaveLength(3);
    // Applied at once, nothing will re-apply them: their inbox records keep no payload.
    const inbox = (await store.exportRecords())._unsafeUnwrap().flatMap((r) => (r.kind === 'inbox' ? [r.value] : []));
    expect(inbox.map((e) => [e.eventId, e.applied, e.payload])).toEqual([['evt_1', true, null], ['evt_2', true, null], ['evt_3', true, null]]);
    // An event with an effect still goes through the apply claim; its audit entry is written with the applied mark.
    writes.length = 0;
    await seedCard(world, 'ada', 'card_1');
    (await ingest(world, [event(world, { type: 'ReplyReceived', eventId: 'evt_4' as EventId })]))._unsafeUnwrap();
    expect(writes).toEqual(['recordInboxEvent', 'markInboxApplied']);
    expect((await store.listAudit({}))._unsafeUnwrap().at(-1)).toMatchObject({ action: 'webhook.ReplyReceived', eventId: 'evt_4', detail: { cadenceStopped: 'replied' } });
  });

  it('never sends to a lead suppressed by a bounce', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1', { status: 'approved' });
    await ingest(world, [event(world, { type: 'EmailBounced' })]);
    const outcome = (await dispatchCard(world.deps, { cardId: 'card_1' as never, trace: traceOf(world) }))._unsafeUnwrap();
    expect(outcome).toMatchObject({ _tag: 'Denied', denials: [expect.objectContaining({ rule: 'suppressed' })] });
  });

  it('resolves an unknown send to sent when the provider reports it sent', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1', { status: 'approved', channel: 'instantly', campaignId: 'cmp-mapped' });
    world.channels.instantly.then('timeout');
    await dispatchCard(world.deps, { cardId: 'card_1' as never, trace: traceOf(world) });
    expect(await statusOf(world, 'card_1')).toBe('unknown');
    await ingest(world, [event(world, { type: 'EmailSent', campaignId: 'cmp-mapped', messageId: 'eml-1' })]);
    expect(await statusOf(world, 'card_1')).toBe('sent');
    expect(world.channels.instantly.calls).toHaveLength(1);
  });

  it('stops the cadence on a reply', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    await ingest(world, [event(world, { type: 'ReplyReceived' })]);
    const stops = (await world.deps.store.findCadenceStops(['email:ada@acme.example', 'linkedin:linkedin.com/in/ada'] as never))._unsafeUnwrap();
    expect(stops.map((s) => s.reason)).toEqual(['replied', 'replied']);
  });

  it('merges enriched leads by identity key', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    await ingest(world, [
      {
        type: 'LeadEnriched',
        eventId: 'evt_clay' as EventId,
        provider: 'clay',
        occurredAt: world.clock.now().toISOString(),
        lead: { email: 'ada@ACME.example', source: 'clay', sourceLabel: 'acme', tier: 'tier_1', title: 'VP Engineering', signals: { hiring: true } },
      },
    ]);
    const leads = (await world.deps.store.findLeadsByKeys(['email:ada@acme.example'] as never))._unsafeUnwrap();
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ id: 'ada', title: 'VP Engineering', signals: { hiring: true } });
  });

  it('applies an event recorded before a crash exactly once on replay', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    world.faults.fail('addSuppression', { error: { _tag: 'StoreUnavailable', message: 'crash mid-apply' } });
    expect((await ingest(world, [event(world, { type: 'Unsubscribed' })])).isErr()).toBe(true);
    expect((await world.deps.store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_1']);
    const replayed = await replayPendingInbox(world.deps, traceOf(world, 'system:startup'), (p) => p as DomainEvent);
    expect(replayed._unsafeUnwrap()).toBe(1);
    expect((await world.deps.store.listPendingInbox(10))._unsafeUnwrap()).toEqual([]);
    expect((await ingest(world, [event(world, { type: 'Unsubscribed' })]))._unsafeUnwrap()[0]?.status).toBe('duplicate');
  });
});

describe('webhook ingest across processes sharing the store', () => {
  /** Another process recorded the event and holds its apply claim (it is applying it now). */
  const claimedElsewhere = async (world: World) => {
    const at = world.clock.now();
    const recorded = await world.deps.store.recordInboxEvent(
      {
        eventId: 'evt_1' as EventId,
        provider: 'instantly',
        receivedAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + 7 * 86_400_000).toISOString(),
        payload: event(world, { type: 'Unsubscribed' }),
      },
      { holder: 'other-process', ttlMs: INBOX_APPLY_CLAIM_MS },
    );
    expect(recorded._unsafeUnwrap()._tag).toBe('New');
  };
  const suppressions = async (world: World) => (await world.deps.store.findSuppressions(['email:ada@acme.example'] as never))._unsafeUnwrap();

  it('does not apply an event another process is applying: it answers EventInProgress, and the retry after that process finished is a duplicate', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    await claimedElsewhere(world);
    const busy = await ingest(world, [event(world, { type: 'Unsubscribed' })]);
    expect(busy._unsafeUnwrapErr()).toMatchObject({ _tag: 'EventInProgress', eventId: 'evt_1' });
    expect(await suppressions(world)).toEqual([]);
    // The other process applies it and marks it applied, which drops its claim.
    await world.deps.store.addSuppression({ target: 'email:ada@acme.example' as never, reason: 'unsubscribed', source: 'instantly:evt_1', at: world.clock.now().toISOString() });
    await world.deps.store.markInboxApplied('evt_1' as EventId, world.clock.now().toISOString());
    expect((await ingest(world, [event(world, { type: 'Unsubscribed' })]))._unsafeUnwrap()).toEqual([{ eventId: 'evt_1', status: 'duplicate' }]);
    expect(await suppressions(world)).toHaveLength(1);
  });

  it('applies the event of a process that died while applying it, once its claim has lapsed', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    await claimedElsewhere(world); // never applied, never released
    expect((await ingest(world, [event(world, { type: 'Unsubscribed' })]))._unsafeUnwrapErr()._tag).toBe('EventInProgress');
    world.clock.advance(INBOX_APPLY_CLAIM_MS + 1);
    expect((await ingest(world, [event(world, { type: 'Unsubscribed' })]))._unsafeUnwrap()).toEqual([{ eventId: 'evt_1', status: 'applied' }]);
    expect((await ingest(world, [event(world, { type: 'Unsubscribed' })]))._unsafeUnwrap()).toEqual([{ eventId: 'evt_1', status: 'duplicate' }]);
    expect((await world.deps.store.listPendingInbox(10))._unsafeUnwrap()).toEqual([]);
    expect(await suppressions(world)).toHaveLength(1);
  });

  it('an application that failed releases its claim, so the provider\'s next retry applies at once', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    world.faults.fail('addSuppression', { error: { _tag: 'StoreUnavailable', message: 'Redis went away' } });
    expect((await ingest(world, [event(world, { type: 'Unsubscribed' })]))._unsafeUnwrapErr()._tag).toBe('StoreUnavailable');
    expect((await ingest(world, [event(world, { type: 'Unsubscribed' })]))._unsafeUnwrap()).toEqual([{ eventId: 'evt_1', status: 'applied' }]);
    expect(await suppressions(world)).toHaveLength(1);
  });

  it('start-up replay leaves an event another process is applying to it, and applies it once that claim lapsed', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    await claimedElsewhere(world);
    const replay = () => replayPendingInbox(world.deps, traceOf(world, 'system:startup'), (p) => p as DomainEvent);
    expect((await replay())._unsafeUnwrap()).toBe(0);
    expect(await suppressions(world)).toEqual([]);
    world.clock.advance(INBOX_APPLY_CLAIM_MS + 1);
    expect((await replay())._unsafeUnwrap()).toBe(1);
    expect(await suppressions(world)).toHaveLength(1);
  });

  it('of concurrent deliveries of one event, exactly one applies it', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    const results = await Promise.all(Array.from({ length: 5 }, () => ingest(world, [event(world, { type: 'Unsubscribed' })])));
    expect(results.filter((r) => r.isOk() && r.value[0]?.status === 'applied')).toHaveLength(1);
    expect(results.every((r) => (r.isOk() ? r.value[0]?.status !== undefined : r.error._tag === 'EventInProgress'))).toBe(true);
    // Each application audits the event once: one entry means one application.
    const applications = (await world.deps.store.listAudit({ limit: 100 }))._unsafeUnwrap().filter((a) => a.action === 'webhook.Unsubscribed');
    expect(applications).toHaveLength(1);
    expect(await suppressions(world)).toHaveLength(1);
  });
});
