import { createBatch, executeBatch, recoverStaleSending, setEmergencyStop, type BatchId, type CardId, type JobProgress } from '@caio/core';
import { SimulatedCrash } from '@caio/testkit';
import { describe, expect, it } from 'vitest';
import { makeWorld, seedCard, statusOf, traceOf, type World } from './fixture.js';

const seedApproved = async (world: World, n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await seedCard(world, `lead${i}`, `card_${i}`, { status: 'approved' });
};

/** Edits a card's content after it was snapshotted into a batch: its item drifts. */
const editAfterSnapshot = async (world: World, cardId: CardId) => {
  const card = (await world.deps.store.getCard(cardId))._unsafeUnwrap()!;
  await world.deps.store.putCard({ ...card, contentDigest: 'edited', body: 'edited', version: card.version + 1 }, card.version);
  return card;
};

const execute = (world: World, batchId: BatchId, dryRun = false) => executeBatch(world.deps, { batchId, dryRun, trace: traceOf(world, 'operator') });

describe('batches', () => {
  it('sends every snapshot item once; re-executing an executed batch sends nothing', async () => {
    const world = makeWorld();
    await seedApproved(world, 3);
    const batch = (await createBatch(world.deps, { trace: traceOf(world, 'operator') }))._unsafeUnwrap();
    expect(batch.items.map((i) => i.cardId)).toEqual(['card_0', 'card_1', 'card_2']);
    const first = (await execute(world, batch.id))._unsafeUnwrap();
    expect(first.outcomes.map((o) => o.result)).toEqual(['sent', 'sent', 'sent']);
    expect(first.batch.status).toBe('executed');
    const second = (await execute(world, batch.id))._unsafeUnwrap();
    expect(second.alreadyExecuted).toBe(true);
    expect(world.channels.ghl_email.calls).toHaveLength(3);
  });

  it('leaves the store byte-for-byte unchanged on a dry run', async () => {
    const world = makeWorld();
    await seedApproved(world, 2);
    const batch = (await createBatch(world.deps, { trace: traceOf(world, 'operator') }))._unsafeUnwrap();
    const before = world.memory.snapshot();
    const preview = (await execute(world, batch.id, true))._unsafeUnwrap();
    expect(preview.outcomes.map((o) => o.result)).toEqual(['sent', 'sent']);
    expect(world.memory.snapshot()).toBe(before);
    expect(world.channels.ghl_email.calls).toHaveLength(0);
  });

  it('skips an item whose card changed after the snapshot', async () => {
    const world = makeWorld();
    await seedApproved(world, 2);
    const batch = (await createBatch(world.deps, { trace: traceOf(world, 'operator') }))._unsafeUnwrap();
    const card = await editAfterSnapshot(world, batch.items[1]!.cardId);
    const run = (await execute(world, batch.id))._unsafeUnwrap();
    expect(run.outcomes.map((o) => o.result)).toEqual(['sent', 'snapshot_drift']);
    expect(world.channels.ghl_email.deliveriesOf(card.id)).toBe(0);
  });

  it('never snapshots an unmapped-campaign card: it is separated instead', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_a', { status: 'approved', channel: 'instantly', campaignId: 'cmp-unknown' });
    await seedCard(world, 'bob', 'card_b', { status: 'approved', channel: 'instantly' });
    await seedCard(world, 'cy', 'card_c', { status: 'approved', channel: 'instantly', campaignId: 'cmp-mapped' });
    const batch = (await createBatch(world.deps, { trace: traceOf(world, 'operator') }))._unsafeUnwrap();
    expect(batch.items.map((i) => i.cardId)).toEqual(['card_c']);
    expect(await statusOf(world, 'card_a')).toBe('separated');
    expect(await statusOf(world, 'card_b')).toBe('separated');
  });

  it('fills a limited batch past unmapped cards, separating only the cards it passed', async () => {
    const world = makeWorld();
    await seedCard(world, 'ada', 'card_a', { status: 'approved', channel: 'instantly', campaignId: 'cmp-unknown' });
    await seedCard(world, 'bob', 'card_b', { status: 'approved', channel: 'instantly', campaignId: 'cmp-mapped' });
    await seedCard(world, 'cy', 'card_c', { status: 'approved', channel: 'instantly' });
    await seedCard(world, 'di', 'card_d', { status: 'approved', channel: 'instantly', campaignId: 'cmp-mapped' });
    await seedCard(world, 'ed', 'card_e', { status: 'approved', channel: 'instantly', campaignId: 'cmp-unknown' });
    await seedCard(world, 'flo', 'card_f', { channel: 'instantly', campaignId: 'cmp-unknown' });
    const batch = (await createBatch(world.deps, { trace: traceOf(world, 'operator'), limit: 2 }))._unsafeUnwrap();
    expect(batch.items.map((i) => i.cardId)).toEqual(['card_b', 'card_d']);
    expect([await statusOf(world, 'card_a'), await statusOf(world, 'card_c')]).toEqual(['separated', 'separated']);
    // Beyond the batch, and still in review: left for the batch that reaches them.
    expect([await statusOf(world, 'card_e'), await statusOf(world, 'card_f')]).toEqual(['approved', 'pending']);
  });

  it('stops at the emergency stop mid-batch and resumes exactly the unsent items after release', async () => {
    const world = makeWorld();
    await seedApproved(world, 4);
    const batch = (await createBatch(world.deps, { trace: traceOf(world, 'operator') }))._unsafeUnwrap();
    let calls = 0;
    world.channels.ghl_email.setHook(async () => {
      calls++;
      if (calls === 2) await setEmergencyStop(world.deps, { engaged: true, reason: 'complaint came in', trace: traceOf(world, 'ops') });
    });
    const paused = (await execute(world, batch.id))._unsafeUnwrap();
    expect(paused.outcomes.map((o) => o.result)).toEqual(['sent', 'sent', 'skipped', 'skipped']);
    expect(paused.batch.status).toBe('executing');
    expect(world.channels.ghl_email.calls).toHaveLength(2);

    await setEmergencyStop(world.deps, { engaged: false, reason: 'all clear', trace: traceOf(world, 'ops') });
    const resumed = (await execute(world, batch.id))._unsafeUnwrap();
    expect(resumed.batch.status).toBe('executed');
    expect(world.channels.ghl_email.delivered.map((d) => d.cardId)).toEqual(['card_0', 'card_1', 'card_2', 'card_3']);
    expect(resumed.batch.outcomes.map((o) => o.result)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('survives a crash mid-batch: the in-flight card becomes unknown, the rest are sent on resume, nothing twice', async () => {
    const world = makeWorld({ locks: true });
    await seedApproved(world, 3);
    const batch = (await createBatch(world.deps, { trace: traceOf(world, 'operator') }))._unsafeUnwrap();
    world.channels.ghl_email.then('accept', 'crashAfterAccept');
    await expect(execute(world, batch.id)).rejects.toBeInstanceOf(SimulatedCrash);
    world.clock.advance(5 * 60_000); // the dead process's lease expires; still inside the window
    await recoverStaleSending(world.deps, { olderThanMs: 60_000, trace: traceOf(world, 'system:recovery') });
    expect(await statusOf(world, 'card_1')).toBe('unknown');
    const resumed = (await execute(world, batch.id))._unsafeUnwrap();
    expect(resumed.batch.status).toBe('executed');
    expect(world.channels.ghl_email.delivered.map((d) => d.cardId)).toEqual(['card_0', 'card_1', 'card_2']);
    expect(world.channels.ghl_email.calls.map((c) => c.card.id)).toEqual(['card_0', 'card_1', 'card_2']);
  });

  it('refuses a second dispatcher while the first holds the batch lease', async () => {
    const world = makeWorld({ locks: true });
    await seedApproved(world, 1);
    const batch = (await createBatch(world.deps, { trace: traceOf(world, 'operator') }))._unsafeUnwrap();
    const lease = (await world.deps.locks!.acquire(`batch:${batch.id}`, 60_000, 'operator-a (trace_crashed_run)'))._unsafeUnwrap();
    expect(lease).not.toBeNull();
    // The refusal says who holds the batch and when that lease runs out (a crashed holder's is then free).
    const expiresAt = new Date(world.clock.now().getTime() + 60_000).toISOString();
    expect((await execute(world, batch.id))._unsafeUnwrapErr()).toMatchObject({ _tag: 'BatchBusy', holder: 'operator-a (trace_crashed_run)', expiresAt, message: expect.stringContaining(expiresAt) });
    world.clock.advance(60_001);
    expect((await execute(world, batch.id)).isOk()).toBe(true);
  });

  it('reports an empty snapshot as an error and stores nothing', async () => {
    const world = makeWorld();
    expect((await createBatch(world.deps, { trace: traceOf(world, 'operator') }))._unsafeUnwrapErr()._tag).toBe('EmptyBatch');
  });

  it('dispatches with bounded concurrency: a stop engaged mid-batch lets at most the calls in flight finish', async () => {
    const world = makeWorld();
    await seedApproved(world, 12);
    const batch = (await createBatch(world.deps, { trace: traceOf(world, 'operator') }))._unsafeUnwrap();
    let inFlight = 0;
    let peak = 0;
    let calls = 0;
    let afterStop = 0;
    let stopped = false;
    world.channels.ghl_email.setHook(async () => {
      calls++;
      if (stopped) afterStop++;
      inFlight++;
      peak = Math.max(peak, inFlight);
      if (calls === 5) {
        await setEmergencyStop(world.deps, { engaged: true, reason: 'complaint came in', trace: traceOf(world, 'ops') });
        stopped = true;
      }
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    });
    const run = (await executeBatch(world.deps, { batchId: batch.id, dryRun: false, trace: traceOf(world, 'operator'), concurrency: 4 }))._unsafeUnwrap();
    expect(peak).toBeLessThanOrEqual(4);
    expect(afterStop).toBeLessThanOrEqual(3);
    expect(run.batch.status).toBe('executing');
    expect(run.outcomes.filter((o) => o.result === 'sent')).toHaveLength(calls);
    expect(run.outcomes.filter((o) => o.result === 'skipped')).toHaveLength(12 - calls);
    expect(run.outcomes.map((o) => o.cardId)).toEqual(batch.items.map((i) => i.cardId));
  });

  it('reports progress after each item: how many ran and the count of each result so far, each report a snapshot of its own', async () => {
    const world = makeWorld();
    await seedApproved(world, 6);
    const batch = (await createBatch(world.deps, { trace: traceOf(world, 'operator') }))._unsafeUnwrap();
    await editAfterSnapshot(world, batch.items[2]!.cardId);
    const reports: JobProgress[] = [];
    const run = (
      await executeBatch(world.deps, {
        batchId: batch.id,
        dryRun: false,
        trace: traceOf(world, 'operator'),
        concurrency: 3,
        onProgress: async (progress) => {
          reports.push(progress);
        },
      })
    )._unsafeUnwrap();
    expect(reports.map((r) => r.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(reports.every((r) => r.total === 6)).toBe(true);
    // Each report's counts add up to its own `done`, even after later items ran.
    for (const r of reports) expect(Object.values(r.counts).reduce((a, b) => a + b, 0)).toBe(r.done);
    expect(reports.at(-1)!.counts).toEqual({ sent: 5, snapshot_drift: 1 });
    expect(run.outcomes.map((o) => o.result)).toEqual(['sent', 'sent', 'snapshot_drift', 'sent', 'sent', 'sent']);
  });
});
