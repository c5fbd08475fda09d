import { approveCard, rejectCard, setEmergencyStop, type CardId } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { makeWorld, seedCard, statusOf, traceOf } from './fixture.js';

describe('review', () => {
  it('approving a supervised GHL first touch sends it at once', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    const result = (await approveCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world) }))._unsafeUnwrap();
    expect(result.send?._tag).toBe('Sent');
    expect(result.card).toMatchObject({ status: 'sent', approvedBy: 'reviewer' });
    expect(world.channels.ghl_email.deliveriesOf('card_1')).toBe(1);
  });

  it('pressing approve again never sends twice', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    await approveCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world) });
    const again = await approveCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world) });
    expect(again._unsafeUnwrapErr()).toMatchObject({ _tag: 'IllegalTransition', from: 'sent' });
    const raced = await Promise.all([1, 2, 3].map(() => approveCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world) })));
    expect(raced.every((r) => r.isErr())).toBe(true);
    expect(world.channels.ghl_email.calls).toHaveLength(1);
  });

  it('two reviewers approving at once produce one send', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    await Promise.all([approveCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world, 'a') }), approveCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world, 'b') })]);
    expect(world.channels.ghl_email.calls).toHaveLength(1);
  });

  it('approval under the emergency stop is denied with the rule named, and the card stays approved', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    await setEmergencyStop(world.deps, { engaged: true, reason: 'drill', trace: traceOf(world, 'ops') });
    const result = (await approveCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world) }))._unsafeUnwrap();
    expect(result.send).toMatchObject({ _tag: 'Denied', denials: [expect.objectContaining({ rule: 'emergency_stop' })] });
    expect(result.card.status).toBe('approved');
    expect(world.channels.ghl_email.calls).toHaveLength(0);
  });

  it('approving an Instantly card only approves it (it waits for a batch)', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1', { channel: 'instantly', campaignId: 'cmp-mapped' });
    const result = (await approveCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world) }))._unsafeUnwrap();
    expect(result).toMatchObject({ send: null, card: { status: 'approved' } });
  });

  it('rejects with a taxonomy tag and a written reason; bad input changes nothing', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    const before = world.memory.snapshot();
    expect((await rejectCard(world.deps, { cardId: 'card_1' as CardId, tag: 'vibes', reason: 'not the right tone at all', trace: traceOf(world) }))._unsafeUnwrapErr()).toMatchObject({ field: 'tag' });
    expect((await rejectCard(world.deps, { cardId: 'card_1' as CardId, tag: 'tone', reason: 'meh', trace: traceOf(world) }))._unsafeUnwrapErr()).toMatchObject({ field: 'reason' });
    expect((await rejectCard(world.deps, { cardId: 'card_404' as CardId, tag: 'tone', reason: 'not the right tone', trace: traceOf(world) }))._unsafeUnwrapErr()).toMatchObject({ _tag: 'NotFound' });
    expect(world.memory.snapshot()).toBe(before);
    const rejected = (await rejectCard(world.deps, { cardId: 'card_1' as CardId, tag: 'tone', reason: 'too pushy for a first touch', trace: traceOf(world) }))._unsafeUnwrap();
    expect(rejected.rejection).toMatchObject({ tag: 'tone', by: 'reviewer' });
    expect(await statusOf(world, 'card_1')).toBe('rejected');
    expect((await approveCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world) }))._unsafeUnwrapErr()).toMatchObject({ _tag: 'IllegalTransition' });
  });

  it('writes an audit entry with the trace envelope for each change', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    const trace = traceOf(world);
    await approveCard(world.deps, { cardId: 'card_1' as CardId, trace });
    const entries = (await world.deps.store.listAudit({ traceId: trace.traceId }))._unsafeUnwrap();
    expect(entries.map((e) => e.action)).toEqual(['card.approved', 'send.decided', 'card.queued', 'send.claimed', 'send.sent']);
    expect(entries.every((e) => e.trace.actor === 'reviewer' && e.cardId === 'card_1')).toBe(true);
  });
});
