import type { BatchId, JobOutcome, JobRunContext, WorkJob, WorkQueue } from '@caio/core';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** What an adapter hands the contract: a fresh queue on its own namespace, and its disposal. @category testing */
export interface WorkQueueHarness {
  readonly queue: WorkQueue;
  /** A second handle on the same queue (another instance), for engines shared between processes; null when not shared. */
  readonly peer: WorkQueue | null;
  readonly dispose: () => Promise<void>;
}

let unique = 0;
const batchId = (): BatchId => `batch_contract_${process.pid}_${Date.now()}_${unique++}` as BatchId;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WAIT = { timeout: 20_000, interval: 50 };

/**
 * The `WorkQueue` contract, on real time: a batch job runs once with progress visible,
 * one job per batch at a time, a job that asks to be retried runs again until done, a
 * periodic job runs on its interval without skipping ticks while a run is slow, and
 * health reports the worker and the last run. Every engine (in-process, BullMQ) runs it.
 *
 * @category testing
 */
export const workQueueContract = (engine: string, makeHarness: () => Promise<WorkQueueHarness>): void => {
  describe(`WorkQueue contract: ${engine}`, () => {
    let harness: WorkQueueHarness | undefined;
    const open = async () => (harness = await makeHarness());
    afterEach(async () => {
      await harness?.dispose();
      harness = undefined;
    });

    it('runs a batch job once, with its progress visible, and reports it completed', async () => {
      const { queue } = await open();
      const runs: WorkJob[] = [];
      let release: () => void = () => undefined;
      const gate = new Promise<void>((r) => (release = r));
      queue.work(async (job: WorkJob, context: JobRunContext): Promise<JobOutcome> => {
        runs.push(job);
        await context.reportProgress({ done: 1, total: 2, counts: { sent: 1 } });
        await gate;
        await context.reportProgress({ done: 2, total: 2, counts: { sent: 2 } });
        return { _tag: 'Done', summary: 'two sent' };
      });
      const id = batchId();
      const queued = (await queue.enqueue({ kind: 'executeBatch', batchId: id, actor: 'contract' }))._unsafeUnwrap();
      expect(queued.id).toBe(`batch-${id}`);
      await vi.waitFor(async () => expect((await queue.status(queued.id))._unsafeUnwrap()?.progress).toEqual({ done: 1, total: 2, counts: { sent: 1 } }), WAIT);
      // One job per batch at a time: enqueuing it again while it runs returns the same job.
      expect((await queue.enqueue({ kind: 'executeBatch', batchId: id, actor: 'contract' }))._unsafeUnwrap().id).toBe(queued.id);
      release();
      await vi.waitFor(async () => expect((await queue.status(queued.id))._unsafeUnwrap()).toMatchObject({ state: 'completed', summary: 'two sent', progress: { done: 2, total: 2 } }), WAIT);
      expect(runs).toEqual([{ kind: 'executeBatch', batchId: id, actor: 'contract' }]);
      expect((await queue.status('batch-never-queued'))._unsafeUnwrap()).toBeNull();
    });

    it('runs a job that asks to be retried again, until it is done', async () => {
      const { queue } = await open();
      let attempts = 0;
      queue.work(async (): Promise<JobOutcome> => (++attempts < 3 ? { _tag: 'Retry', reason: 'busy elsewhere' } : { _tag: 'Done', summary: `done after ${attempts}` }));
      const queued = (await queue.enqueue({ kind: 'executeBatch', batchId: batchId(), actor: 'contract' }))._unsafeUnwrap();
      await vi.waitFor(async () => expect((await queue.status(queued.id))._unsafeUnwrap()).toMatchObject({ state: 'completed', summary: 'done after 3' }), WAIT);
      expect(attempts).toBe(3);
    });

    it('fails a job whose handler throws (a bug), once, with the reason', async () => {
      const { queue } = await open();
      let runs = 0;
      queue.work(async (): Promise<JobOutcome> => {
        runs++;
        throw new Error('a bug in the handler');
      });
      const queued = (await queue.enqueue({ kind: 'executeBatch', batchId: batchId(), actor: 'contract' }))._unsafeUnwrap();
      await vi.waitFor(async () => expect((await queue.status(queued.id))._unsafeUnwrap()).toMatchObject({ state: 'failed', failedReason: expect.stringContaining('a bug in the handler') }), WAIT);
      await sleep(300);
      expect(runs).toBe(1);
    });

    it('runs a finished batch job again when it is enqueued again (a deferred batch resumes)', async () => {
      const { queue } = await open();
      let runs = 0;
      queue.work(async (): Promise<JobOutcome> => ({ _tag: 'Done', summary: `run ${++runs}` }));
      const id = batchId();
      const first = (await queue.enqueue({ kind: 'executeBatch', batchId: id, actor: 'contract' }))._unsafeUnwrap();
      await vi.waitFor(async () => expect((await queue.status(first.id))._unsafeUnwrap()?.state).toBe('completed'), WAIT);
      await queue.enqueue({ kind: 'executeBatch', batchId: id, actor: 'contract' });
      await vi.waitFor(async () => expect((await queue.status(first.id))._unsafeUnwrap()).toMatchObject({ state: 'completed', summary: 'run 2' }), WAIT);
    });

    it('runs a periodic job on its interval, and a slow run does not make it skip a tick', async () => {
      const { queue } = await open();
      const started: number[] = [];
      queue.work(async (job): Promise<JobOutcome> => {
        if (job.kind !== 'periodic') return { _tag: 'Done', summary: 'not periodic' };
        started.push(Date.now());
        // Each run lasts longer than the interval.
        await sleep(300);
        return { _tag: 'Done', summary: `run ${started.length}` };
      });
      (await queue.schedule('clean-day-accounting', 100))._unsafeUnwrap();
      // Scheduling twice is one schedule.
      (await queue.schedule('clean-day-accounting', 100))._unsafeUnwrap();
      await vi.waitFor(() => expect(started.length).toBeGreaterThanOrEqual(3), WAIT);
      // The next run starts as soon as the slow one ends (or beside it), never a whole tick later.
      const gaps = started.slice(1).map((t, i) => t - started[i]!);
      expect(Math.max(...gaps)).toBeLessThan(300 + 100 + 1_000);
      const health = await queue.health();
      expect(health).toMatchObject({ connected: true });
      expect(health.workers).toBeGreaterThanOrEqual(1);
      await vi.waitFor(async () => expect((await queue.health()).lastRuns['clean-day-accounting']).toMatchObject({ ok: true }), WAIT);
      // Unscheduled: at most the run already under way ends; no tick starts after it.
      (await queue.unschedule('clean-day-accounting'))._unsafeUnwrap();
      await sleep(400);
      const settled = started.length;
      await sleep(600);
      expect(started.length).toBe(settled);
    });

    it('shares jobs between instances when the engine is shared: a job enqueued on one runs on a worker of another', async () => {
      const { queue, peer } = await open();
      if (!peer) {
        // An in-process engine is one instance's by design: nothing is shared to check.
        expect(peer).toBeNull();
        return;
      }
      const ranOn: string[] = [];
      peer.work(async (): Promise<JobOutcome> => {
        ranOn.push('peer');
        return { _tag: 'Done', summary: 'peer ran it' };
      });
      const queued = (await queue.enqueue({ kind: 'executeBatch', batchId: batchId(), actor: 'contract' }))._unsafeUnwrap();
      await vi.waitFor(async () => expect((await queue.status(queued.id))._unsafeUnwrap()).toMatchObject({ state: 'completed', summary: 'peer ran it' }), WAIT);
      expect(ranOn).toEqual(['peer']);
    });
  });
};
