import type { JobStatus, WorkQueue } from '@caio/core';

const POLL_MS = 50;

/** Polls a job until it finished (completed or failed) or `timeoutMs` passed; its last status. */
export const waitForJob = async (jobs: WorkQueue, jobId: string, timeoutMs: number): Promise<JobStatus | null> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await jobs.status(jobId);
    const job = status.isOk() ? status.value : null;
    if (job && (job.state === 'completed' || job.state === 'failed')) return job;
    if (Date.now() >= deadline) return job;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
};
