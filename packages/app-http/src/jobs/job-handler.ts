import { executeBatch, PERIODIC_JOBS, type JobHandler, type JobOutcome, type TraceId } from '@caio/core';
import type { JobServices } from './job-services.js';
import { periodicWork } from './periodic-work.js';

/**
 * Items of one batch sent at once by a job. Correctness does not depend on it (the claim
 * is atomic); providers' rate gates pace the calls.
 */
const BATCH_CONCURRENCY = 4;
/** The batch lease while a job runs it; renewed between items, so a dead worker's lapses soon. */
const BATCH_LEASE_MS = 15_000;

/**
 * Runs one job of the engine. A batch busy elsewhere (its lease is live: another worker
 * runs it, or a dead one's lease has not lapsed yet) or a store that does not answer is
 * retried later; a batch with items deferred by the window, the cap or the stop stays
 * `executing` and the dispatcher's next tick queues it again.
 *
 * @category adapters
 */
export const jobHandler = (s: JobServices): JobHandler => {
  const periodic = periodicWork(s);
  return async (job, context): Promise<JobOutcome> => {
    if (job.kind === 'periodic') {
      if (!PERIODIC_JOBS.includes(job.name)) return { _tag: 'Done', summary: `unknown periodic job ${String(job.name)}: ignored` };
      return periodic[job.name]();
    }
    const at = s.deps.clock.now();
    const trace = { traceId: `trace_${context.jobId}_${at.getTime()}` as TraceId, actor: job.actor, at: at.toISOString(), origin: 'scheduler' as const };
    const run = await executeBatch(s.deps, { batchId: job.batchId, dryRun: false, trace, concurrency: BATCH_CONCURRENCY, leaseMs: BATCH_LEASE_MS, onProgress: (p) => context.reportProgress(p) });
    if (run.isOk()) {
      const { batch, alreadyExecuted } = run.value;
      return { _tag: 'Done', summary: alreadyExecuted ? `batch ${batch.id} was already ${batch.status}` : `batch ${batch.id} ${batch.status}` };
    }
    const e = run.error;
    if (e._tag === 'NotFound') return { _tag: 'Done', summary: `batch ${job.batchId} does not exist` };
    return { _tag: 'Retry', reason: e._tag === 'BatchBusy' ? `batch ${job.batchId} is leased by another worker` : e._tag };
  };
};
