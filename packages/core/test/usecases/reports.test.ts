import { approveCard, dispatchCard, recordDay, recoverStaleSending, resolveUnknownSend, traceQueue, type CardId } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { makeWorld, seedCard, statusOf, traceOf } from './fixture.js';

describe('queue trace', () => {
  it('counts pending cards per channel, what would send on approval, and what holds the rest', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    await seedCard(world, 'bob', 'card_2', { tier: 'tier_2' });
    await seedCard(world, 'cy', 'card_3', { channel: 'instantly', campaignId: 'cmp-mapped' });
    await seedCard(world, 'di', 'card_4', { status: 'separated' });
    world.clock.advance(150 * 60_000); // 18:00 in New York: window closed, two and a half hours later
    const trace = (await traceQueue(world.deps, { approvalSlaMinutes: 120, inDoubtAfterMs: 120_000 }))._unsafeUnwrap();
    expect(trace).toMatchObject({
      total_pending: 3,
      ghl_targeted: 2,
      instantly_targeted: 1,
      heyreach_targeted: 0,
      auto_resolve_on_approve: 2,
      ready_for_live_send: 0,
      separated_unmapped: 1,
      oldest_pending_age_minutes: 150,
      past_approval_sla: 3,
      sends_blocked: null,
    });
    expect(trace.denials_by_rule).toEqual({ outside_send_window: 3, supervised_tier_only: 1 });
  });
});

describe('recovery and reconciliation', () => {
  it('turns a stale sending claim into unknown and lets an operator resolve it, audited', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1', { status: 'approved' });
    world.faults.fail('recordOutcome', { error: { _tag: 'StoreTimeout', message: 'store timed out' } });
    await dispatchCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world) });
    expect(await statusOf(world, 'card_1')).toBe('sending');
    expect((await recoverStaleSending(world.deps, { olderThanMs: 60_000, trace: traceOf(world, 'system') }))._unsafeUnwrap()).toEqual([]);
    expect((await traceQueue(world.deps, { approvalSlaMinutes: 120, inDoubtAfterMs: 60_000 }))._unsafeUnwrap()).toMatchObject({ in_doubt_sends: 0 });
    world.clock.advance(2 * 60_000);
    // Past the threshold and not yet recovered: the trace says the send is in doubt.
    expect((await traceQueue(world.deps, { approvalSlaMinutes: 120, inDoubtAfterMs: 60_000 }))._unsafeUnwrap()).toMatchObject({ in_doubt_sends: 1, in_doubt_card_ids: ['card_1'] });
    const recovered = (await recoverStaleSending(world.deps, { olderThanMs: 60_000, trace: traceOf(world, 'system') }))._unsafeUnwrap();
    expect(recovered.map((e) => e.cardId)).toEqual(['card_1']);
    expect((await traceQueue(world.deps, { approvalSlaMinutes: 120, inDoubtAfterMs: 60_000 }))._unsafeUnwrap()).toMatchObject({ in_doubt_sends: 0, unknown_outcomes: 1 });
    expect(await statusOf(world, 'card_1')).toBe('unknown');
    // Never retried: approving again or re-dispatching calls nobody.
    await approveCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world) });
    expect(world.channels.ghl_email.calls).toHaveLength(1);
    const resolved = (await resolveUnknownSend(world.deps, { cardId: 'card_1' as CardId, step: 0, delivered: true, note: 'message visible in GHL', trace: traceOf(world, 'ops') }))._unsafeUnwrap();
    expect(resolved.state).toBe('sent');
    const again = await resolveUnknownSend(world.deps, { cardId: 'card_1' as CardId, step: 0, delivered: false, note: 'second look', trace: traceOf(world, 'ops') });
    expect(again._unsafeUnwrapErr()).toMatchObject({ _tag: 'OutcomeRefused' });
  });

  it('records a clean day only when live sends happened and nothing is unresolved', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1', { status: 'approved' });
    await seedCard(world, 'bob', 'card_2', { status: 'approved' });
    await dispatchCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world) });
    expect((await recordDay(world.deps, '2026-03-02'))._unsafeUnwrap()).toMatchObject({ liveSends: 1, unresolvedSends: 0, clean: true });
    world.channels.ghl_email.then('timeout');
    await dispatchCard(world.deps, { cardId: 'card_2' as CardId, trace: traceOf(world) });
    expect((await recordDay(world.deps, '2026-03-02'))._unsafeUnwrap()).toMatchObject({ liveSends: 2, unresolvedSends: 1, clean: false });
    expect((await world.deps.store.listDayRecords(5))._unsafeUnwrap()).toHaveLength(1);
  });
});
