import { approvalHolds, approveCard, contentDigest, createBatch, DEFAULT_QUALITY_CONFIG, editCard, executeBatch, nextWindowOpening, rejectionSummary, rejectCard, sendDueApprovals, withdrawApproval, type CardId } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { makeWorld, seedCard, statusOf, traceOf } from './fixture.js';

const id = (s: string) => s as CardId;

describe('editing a pending card', () => {
  it('makes a new version with a new digest, re-runs the quality gate and audits the diff', async () => {
    const world = makeWorld();
    const { card } = await seedCard(world, 'ada', 'card_1', { subject: 'Quick question', body: 'Hi Ada, saw Acme moved to Snowflake last quarter. Worth a chat about your pipeline?' });
    const edited = (await editCard(world.deps, DEFAULT_QUALITY_CONFIG, { cardId: id('card_1'), subject: 'Snowflake at Acme', body: 'Hi Ada, I hope this finds you well. {{company}} looks great.', expectedVersion: card.version, trace: traceOf(world, 'user:pat') }))._unsafeUnwrap();
    expect(edited).toMatchObject({ status: 'pending', version: card.version + 1, subject: 'Snowflake at Acme', edits: { count: 1, lastBy: 'user:pat' } });
    expect(edited.contentDigest).not.toBe(card.contentDigest);
    expect(edited.contentDigest).toBe(contentDigest(edited));
    // The gate ran again on the new text: a weak opener and an unresolved placeholder now.
    expect(card.quality.passed).toBe(true);
    expect(edited.quality.passed).toBe(false);
    expect(edited.quality.hits.map((h) => h.check)).toEqual(expect.arrayContaining(['unresolved_placeholder']));
    const [entry] = (await world.deps.store.listAudit({ cardId: id('card_1') }))._unsafeUnwrap();
    expect(entry).toMatchObject({
      action: 'card.edited',
      trace: { actor: 'user:pat' },
      detail: {
        version: { from: card.version, to: card.version + 1 },
        contentDigest: { from: card.contentDigest, to: edited.contentDigest },
        subject: { from: 'Quick question', to: 'Snowflake at Acme' },
        body: { from: card.body, to: edited.body },
        quality: { before: true, after: false },
      },
    });
  });

  it('refuses a stale version, a non-pending card, an empty body and a no-op, changing nothing', async () => {
    const world = makeWorld();
    const { card } = await seedCard(world, 'ada', 'card_1');
    await seedCard(world, 'bob', 'card_2', { status: 'approved' });
    const edit = (cardId: string, body: string, expectedVersion = card.version) => editCard(world.deps, DEFAULT_QUALITY_CONFIG, { cardId: id(cardId), body, expectedVersion, trace: traceOf(world) });
    expect((await edit('card_1', 'A new body that is long enough to pass.', card.version - 1))._unsafeUnwrapErr()._tag).toBe('VersionConflict');
    expect((await edit('card_2', 'A new body that is long enough to pass.'))._unsafeUnwrapErr()).toMatchObject({ _tag: 'IllegalTransition', from: 'approved' });
    expect((await edit('card_1', '   '))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ValidationError', field: 'body' });
    expect((await edit('card_1', card.body))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ValidationError', message: 'nothing changed' });
    expect((await edit('card_missing', 'x'))._unsafeUnwrapErr()._tag).toBe('NotFound');
    expect((await world.deps.store.getCard(id('card_1')))._unsafeUnwrap()).toEqual(card);
    expect((await world.deps.store.listAudit({ cardId: id('card_1') }))._unsafeUnwrap()).toEqual([]);
  });

  it('counts edits as their own signal in the learning report', async () => {
    const world = makeWorld();
    const { card: one } = await seedCard(world, 'ada', 'card_1');
    const { card: two } = await seedCard(world, 'bob', 'card_2', { channel: 'instantly', campaignId: 'cmp-mapped' });
    await editCard(world.deps, DEFAULT_QUALITY_CONFIG, { cardId: one.id, body: `${one.body} Edited once.`, expectedVersion: one.version, trace: traceOf(world) });
    await editCard(world.deps, DEFAULT_QUALITY_CONFIG, { cardId: one.id, body: `${one.body} Edited twice.`, expectedVersion: one.version + 1, trace: traceOf(world) });
    await editCard(world.deps, DEFAULT_QUALITY_CONFIG, { cardId: two.id, body: `${two.body} Edited.`, expectedVersion: two.version, trace: traceOf(world) });
    await rejectCard(world.deps, { cardId: two.id, tag: 'tone', reason: 'Still too pushy after the edit.', trace: traceOf(world) });
    await approveCard(world.deps, { cardId: one.id, trace: traceOf(world) });
    const report = (await rejectionSummary(world.deps, 14))._unsafeUnwrap();
    expect(report).toMatchObject({ totalReviewed: 2, totalRejected: 1, totalEdited: 2, edits: 3 });
  });
});

describe('withdrawing an approval', () => {
  it('returns an approved or queued card to pending, audited; a claimed card cannot be withdrawn', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1', { status: 'approved' });
    await seedCard(world, 'bob', 'card_2', { status: 'queued' });
    await seedCard(world, 'cy', 'card_3', { status: 'sending' });
    const back = (await withdrawApproval(world.deps, { cardId: id('card_1'), trace: traceOf(world, 'user:pat') }))._unsafeUnwrap();
    expect(back.status).toBe('pending');
    expect(back.approvedBy).toBeUndefined();
    expect(await statusOf(world, 'card_1')).toBe('pending');
    expect((await withdrawApproval(world.deps, { cardId: id('card_2'), trace: traceOf(world) }))._unsafeUnwrap().status).toBe('pending');
    expect((await withdrawApproval(world.deps, { cardId: id('card_3'), trace: traceOf(world) }))._unsafeUnwrapErr()).toMatchObject({ _tag: 'IllegalTransition', from: 'sending', to: 'pending' });
    const [entry] = (await world.deps.store.listAudit({ cardId: id('card_1') }))._unsafeUnwrap();
    expect(entry).toMatchObject({ action: 'card.approval_withdrawn', trace: { actor: 'user:pat' }, detail: { from: 'approved', approvedBy: 'reviewer' } });
  });

  it('a batch snapshot holding a withdrawn card sends nothing for it; the card can then be rejected', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1', { status: 'approved', channel: 'instantly', campaignId: 'cmp-mapped' });
    const batch = (await createBatch(world.deps, { cardIds: [id('card_1')], trace: traceOf(world) }))._unsafeUnwrap();
    await withdrawApproval(world.deps, { cardId: id('card_1'), trace: traceOf(world) });
    await executeBatch(world.deps, { batchId: batch.id, dryRun: false, trace: traceOf(world) });
    expect(world.channels.instantly.calls).toHaveLength(0);
    expect((await rejectCard(world.deps, { cardId: id('card_1'), tag: 'tone', reason: 'Not for this account after all.', trace: traceOf(world) })).isOk()).toBe(true);
  });
});

describe('the undo window on approval', () => {
  it('holds the send; withdrawn inside the window nothing is ever sent, even by a late sweep', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    const approved = (await approveCard(world.deps, { cardId: id('card_1'), undoMs: 30_000, trace: traceOf(world) }))._unsafeUnwrap();
    expect(approved.send).toBeNull();
    expect(approved.card).toMatchObject({ status: 'approved', sendAfter: new Date(world.clock.now().getTime() + 30_000).toISOString() });
    // Nothing sends it inside the window, not even a direct dispatch.
    expect((await sendDueApprovals(world.deps, { trace: traceOf(world, 'system:approvals') }))._unsafeUnwrap()).toEqual([]);
    world.clock.advance(10_000);
    expect((await withdrawApproval(world.deps, { cardId: id('card_1'), trace: traceOf(world) }))._unsafeUnwrap().sendAfter).toBeUndefined();
    world.clock.advance(60_000);
    expect((await sendDueApprovals(world.deps, { trace: traceOf(world, 'system:approvals') }))._unsafeUnwrap()).toEqual([]);
    expect(world.channels.ghl_email.calls).toHaveLength(0);
    expect(await statusOf(world, 'card_1')).toBe('pending');
  });

  it('sends once the window ends, once, however many sweeps run', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1');
    await approveCard(world.deps, { cardId: id('card_1'), undoMs: 30_000, trace: traceOf(world) });
    world.clock.advance(29_000);
    expect((await sendDueApprovals(world.deps, { cardId: id('card_1'), trace: traceOf(world) }))._unsafeUnwrap()).toEqual([]);
    world.clock.advance(1_000);
    const sweeps = await Promise.all([1, 2, 3].map(() => sendDueApprovals(world.deps, { trace: traceOf(world, 'system:approvals') })));
    expect(sweeps.flatMap((s) => s._unsafeUnwrap()).filter((s) => s.outcome._tag === 'Sent')).toHaveLength(1);
    expect(world.channels.ghl_email.calls).toHaveLength(1);
    expect(await statusOf(world, 'card_1')).toBe('sent');
  });

  it('leaves cards that do not send on approval alone (no window for batch channels)', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_1', { channel: 'instantly', campaignId: 'cmp-mapped' });
    const approved = (await approveCard(world.deps, { cardId: id('card_1'), undoMs: 30_000, trace: traceOf(world) }))._unsafeUnwrap();
    expect(approved.card.sendAfter).toBeUndefined();
  });
});

describe('approval holds', () => {
  it('says why a supervised approval waits and when it may go', async () => {
    const world = makeWorld();
    // 2026-03-02 15:30 New York: inside the window. A Tier 2 card never goes in supervised mode.
    await seedCard(world, 'ada', 'card_t2', { status: 'approved', tier: 'tier_2' });
    await seedCard(world, 'bob', 'card_ok', { status: 'approved', channel: 'instantly', campaignId: 'cmp-mapped' });
    let holds = (await approvalHolds(world.deps))._unsafeUnwrap();
    const t2 = holds.find((h) => h.card.id === 'card_t2')!;
    expect(t2.denials.map((d) => d.rule)).toContain('supervised_tier_only');
    expect(t2).toMatchObject({ mayGoAt: null, when: expect.stringContaining('only when autonomy is enabled') });
    expect(holds.find((h) => h.card.id === 'card_ok')).toMatchObject({ denials: [], mayGoAt: world.clock.now().toISOString() });

    // 17:10 New York: the window (15:00-17:00) opens again tomorrow at 15:00 (20:00Z in EST).
    world.clock.set('2026-03-02T22:10:00.000Z');
    holds = (await approvalHolds(world.deps))._unsafeUnwrap();
    expect(holds.find((h) => h.card.id === 'card_ok')).toMatchObject({ denials: [expect.objectContaining({ rule: 'outside_send_window' })], mayGoAt: '2026-03-03T20:00:00.000Z', when: expect.stringContaining('when the send window opens') });
  });

  it('says a card on a closed channel (its cap 0) waits for an operator, not for a day', async () => {
    const world = makeWorld();
    await seedCard(world, 'bob', 'card_ok', { status: 'approved', channel: 'instantly', campaignId: 'cmp-mapped' });
    const closed = (await approvalHolds({ ...world.deps, policy: { ...world.deps.policy, channelCaps: { instantly: 0 } } }))._unsafeUnwrap();
    expect(closed.find((h) => h.card.id === 'card_ok')).toMatchObject({ denials: [expect.objectContaining({ rule: 'channel_daily_cap_reached' })], mayGoAt: null, when: 'only after an operator acts on what is listed' });
  });

  it('finds the next opening across a daylight-saving change and past a capped day', () => {
    const window = { start: 900, end: 1020 } as const;
    // Saturday 2026-03-07 18:00 New York (EST); Sunday 03-08 clocks go forward: 15:00 EDT is 19:00Z.
    expect(nextWindowOpening(new Date('2026-03-07T23:00:00.000Z'), window as never, 'America/New_York')?.toISOString()).toBe('2026-03-08T19:00:00.000Z');
    // Inside the window but today is capped: tomorrow's opening.
    expect(nextWindowOpening(new Date('2026-03-02T20:30:00.000Z'), window as never, 'America/New_York', '2026-03-02')?.toISOString()).toBe('2026-03-03T20:00:00.000Z');
  });
});
