import { executeBatch, PERIODIC_JOBS, type JobHandler, type JobOutcome, type TraceId } from '@caio/core';
import { meteredJobHandler } from '../metrics/metered-job-handler.js';
import type { JobServices } from './job-services.js';
import { periodicWork } from './periodic-work.js';

/**
 * Items of one batch sent at once by its job: one, so an emergency stop engaged mid-batch
 * lets at most one call per running batch finish. Throughput comes from batches running
 * in parallel on the workers (JOBS_CONCURRENCY per instance), paced by the rate gates.
 */
const BATCH_CONCURRENCY = 1;

/**
 * Runs one job of the engine. The batch lease lasts JOBS_LOCK_MS (renewed between items),
 * like the engine's claim on the job, so a dead worker's batch is free again as soon as
 * its job is retaken. A batch busy elsewhere (its lease is live: another worker
 * runs it, or a dead one's lease has not lapsed yet) or a store that does not answer is
 * retried later; a batch with items deferred by the window, the cap or the stop stays
 * `executing` and the dispatcher's next tick queues it again.
 *
 * @category adapters
 */
export const jobHandler = (s: JobServices): JobHandler => {
  const periodic = periodicWork(s);
  // Every run is counted for /metrics (caio_scheduled_job_runs_total) by job and result.
  return meteredJobHandler(async (job, context): Promise<JobOutcome> => {
    if (job.kind === 'periodic') {
      if (!PERIODIC_JOBS.includes(job.name)) return { _tag: 'Done', summary: `unknown periodic job ${String(job.name)}: ignored` };
      return periodic[job.name]();
    }
    const at = s.deps.clock.now();
    const trace = { traceId: `trace_${context.jobId}_${at.getTime()}` as TraceId, actor: job.actor, at: at.toISOString(), origin: 'scheduler' as const };
    const run = await executeBatch(s.deps, { batchId: job.batchId, dryRun: false, trace, concurrency: BATCH_CONCURRENCY, leaseMs: s.config.jobs.lockMs, onProgress: (p) => context.reportProgress(p) });
    if (run.isOk()) {
      const { batch, alreadyExecuted } = run.value;
      return { _tag: 'Done', summary: alreadyExecuted ? `batch ${batch.id} was already ${batch.status}` : `batch ${batch.id} ${batch.status}` };
    }
    const e = run.error;
    if (e._tag === 'NotFound') return { _tag: 'Done', summary: `batch ${job.batchId} does not exist` };
    return { _tag: 'Retry', reason: e._tag === 'BatchBusy' ? `batch ${job.batchId} is leased by another worker` : e._tag };
  }, s.metrics);
};
