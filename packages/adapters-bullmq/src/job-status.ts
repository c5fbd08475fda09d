import { JOB_STATES, type JobProgress, type JobState, type JobStatus, type WorkJob } from '@caio/core';
import type { Job } from 'bullmq';

const isProgress = (value: unknown): value is JobProgress =>
  typeof value === 'object' && value !== null && typeof (value as JobProgress).done === 'number' && typeof (value as JobProgress).total === 'number';

/** BullMQ's states mapped onto the port's (prioritized and waiting-children are waiting). */
const toState = (state: string): JobState =>
  (JOB_STATES as readonly string[]).includes(state) ? (state as JobState) : state === 'prioritized' || state === 'waiting-children' ? 'waiting' : 'failed';

/** A BullMQ job as the port's `JobStatus`. */
export const jobStatus = (job: Job, state: string): JobStatus => ({
  id: job.id ?? '',
  job: job.data as WorkJob,
  state: toState(state),
  progress: isProgress(job.progress) ? job.progress : null,
  attempts: job.attemptsStarted ?? job.attemptsMade,
  ...(typeof job.returnvalue === 'string' ? { summary: job.returnvalue } : {}),
  ...(job.failedReason ? { failedReason: job.failedReason } : {}),
  enqueuedAt: new Date(job.timestamp).toISOString(),
  ...(job.finishedOn ? { finishedAt: new Date(job.finishedOn).toISOString() } : {}),
});
