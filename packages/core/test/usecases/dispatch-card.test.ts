import { dispatchCard, setEmergencyStop, type CardId } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { aLead } from '@caio/testkit';
import { makeWorld, seedCard, statusOf, traceOf } from './fixture.js';

describe('dispatchCard', () => {
  it('sends an approved card once and records the receipt', async () => {
    const world = makeWorld();
    const { card } = await seedCard(world, 'ada', 'card_1', { status: 'approved' });
    const outcome = (await dispatchCard(world.deps, { cardId: card.id, trace: traceOf(world) }))._unsafeUnwrap();
    expect(outcome._tag).toBe('Sent');
    expect(world.channels.ghl_email.deliveriesOf('card_1')).toBe(1);
    expect(await statusOf(world, 'card_1')).toBe('sent');
    const again = (await dispatchCard(world.deps, { cardId: card.id, trace: traceOf(world) }))._unsafeUnwrap();
    expect(again).toMatchObject({ _tag: 'ClaimRefused', reason: 'card_not_queued' });
    expect(world.channels.ghl_email.calls).toHaveLength(1);
  });

  it('lists every failing rule and sends nothing when the policy denies', async () => {
    const world = makeWorld();
    const { card } = await seedCard(world, 'ada', 'card_1', { status: 'approved', tier: 'tier_2' });
    world.clock.set('2026-03-02T13:00:00.000Z'); // 08:00 in New York: outside 15:00-17:00
    const outcome = (await dispatchCard(world.deps, { cardId: card.id, trace: traceOf(world) }))._unsafeUnwrap();
    expect(outcome._tag).toBe('Denied');
    if (outcome._tag === 'Denied') expect(outcome.denials.map((d) => d.rule)).toEqual(expect.arrayContaining(['supervised_tier_only', 'outside_send_window']));
    expect(world.channels.ghl_email.calls).toHaveLength(0);
    expect(await statusOf(world, 'card_1')).toBe('approved');
  });

  it('does not call the provider when the stop is engaged between claim and call', async () => {
    const world = makeWorld();
    const { card } = await seedCard(world, 'ada', 'card_1', { status: 'approved' });
    const store = world.deps.store;
    const engageAfterClaim = new Proxy(store, {
      get: (target, property, receiver) =>
        property === 'claimSend'
          ? (...args: Parameters<typeof store.claimSend>) =>
              target.claimSend(...args).andThen((entry) =>
                setEmergencyStop({ ...world.deps, store: target }, { engaged: true, reason: 'stop pressed mid-send', trace: traceOf(world, 'ops') }).map(() => entry),
              )
          : Reflect.get(target, property, receiver),
    });
    const outcome = (await dispatchCard({ ...world.deps, store: engageAfterClaim }, { cardId: card.id, trace: traceOf(world) }))._unsafeUnwrap();
    expect(outcome).toMatchObject({ _tag: 'Failed' });
    expect(world.channels.ghl_email.calls).toHaveLength(0);
    expect(await statusOf(world, 'card_1')).toBe('failed');
  });

  it("refuses at the claim a card whose person's company domain was put on the list after the policy passed", async () => {
    const world = makeWorld();
    const store = world.deps.store;
    (await store.putLead(aLead('ada', { email: 'ada@gmail.example', linkedinUrl: null, companyDomain: 'partner.example' }, world.clock.now().toISOString()), null))._unsafeUnwrap();
    const { card } = await seedCard(world, 'ada', 'card_1', { status: 'approved' });
    // The operator adds the partner's domain while the dispatcher is between its policy read and its claim.
    const listedMeanwhile = new Proxy(store, {
      get: (target, property, receiver) =>
        property === 'claimSend'
          ? (...args: Parameters<typeof store.claimSend>) => target.addSuppression({ target: 'domain:partner.example', reason: 'manual', source: 'operator', at: world.clock.now().toISOString() }).andThen(() => target.claimSend(...args))
          : Reflect.get(target, property, receiver),
    });
    const outcome = (await dispatchCard({ ...world.deps, store: listedMeanwhile }, { cardId: card.id, trace: traceOf(world) }))._unsafeUnwrap();
    expect(outcome).toMatchObject({ _tag: 'ClaimRefused', reason: 'suppressed' });
    expect(world.channels.ghl_email.calls).toHaveLength(0);
  });

  it('treats an unreadable stop flag as engaged: no call, and the claim is left for recovery', async () => {
    const world = makeWorld();
    const { card } = await seedCard(world, 'ada', 'card_1', { status: 'approved' });
    // The policy reads its controls in its own call (readPolicyInputs); the read right before the call fails.
    world.faults.fail('getControls', { error: { _tag: 'StoreUnavailable', message: 'flag store down' } });
    const outcome = await dispatchCard(world.deps, { cardId: card.id, trace: traceOf(world) });
    expect(outcome._unsafeUnwrapErr()).toMatchObject({ _tag: 'StoreUnavailable' });
    expect(world.channels.ghl_email.calls).toHaveLength(0);
    expect(await statusOf(world, 'card_1')).toBe('sending');
  });

  it('ends unknown, never retried, when the provider times out after accepting', async () => {
    const world = makeWorld();
    const { card } = await seedCard(world, 'ada', 'card_1', { status: 'approved' });
    world.channels.ghl_email.then('timeout');
    const outcome = (await dispatchCard(world.deps, { cardId: card.id, trace: traceOf(world) }))._unsafeUnwrap();
    expect(outcome._tag).toBe('Unknown');
    expect(await statusOf(world, 'card_1')).toBe('unknown');
    await dispatchCard(world.deps, { cardId: card.id, trace: traceOf(world) });
    expect(world.channels.ghl_email.calls).toHaveLength(1);
  });

  it('ends failed on a definitive refusal and frees the lead for another first touch', async () => {
    const world = makeWorld();
    const { card } = await seedCard(world, 'ada', 'card_1', { status: 'approved' });
    world.channels.ghl_email.then('reject');
    expect((await dispatchCard(world.deps, { cardId: card.id, trace: traceOf(world) }))._unsafeUnwrap()._tag).toBe('Failed');
    const { card: second } = await seedCard(world, 'ada', 'card_2', { status: 'approved', body: 'A corrected note.' });
    expect((await dispatchCard(world.deps, { cardId: second.id, trace: traceOf(world) }))._unsafeUnwrap()._tag).toBe('Sent');
  });

  it('refuses a card whose content changed after the snapshot', async () => {
    const world = makeWorld();
    const { card } = await seedCard(world, 'ada', 'card_1', { status: 'approved' });
    const outcome = (await dispatchCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world), expected: { version: card.version, contentDigest: 'other' } }))._unsafeUnwrap();
    expect(outcome._tag).toBe('SnapshotDrift');
    expect(world.channels.ghl_email.calls).toHaveLength(0);
  });
});
