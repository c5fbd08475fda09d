import type { JobHandler } from '@caio/core';
import type { AppMetrics } from './app-metrics.js';

/** The metrics label of a job: a periodic job's name, or `execute-batch`. */
const jobLabel = (job: Parameters<JobHandler>[0]): string => (job.kind === 'periodic' ? job.name : 'execute-batch');

/**
 * The job handler, observed: every run the engine gives it is counted by job and result
 * (`ok`, `retry`, `failed` when it throws, which is rethrown for the engine to fail the
 * job), and a successful run records its time.
 *
 * @category adapters
 */
export const meteredJobHandler =
  (handler: JobHandler, metrics: AppMetrics): JobHandler =>
  async (job, context) => {
    try {
      const outcome = await handler(job, context);
      metrics.jobRan(jobLabel(job), outcome._tag === 'Done' ? 'ok' : 'retry');
      return outcome;
    } catch (error) {
      metrics.jobRan(jobLabel(job), 'failed');
      throw error;
    }
  };
