import type { ResultAsync } from 'neverthrow';
import type { BatchId } from '../ids.js';
import { token } from '../shared/token.js';

/**
 * The periodic work of the app, each run by a job scheduler of the engine:
 * - `dispatch-tick`: snapshot approved cards into a dispatcher batch and run it (and
 *   resume batches left `executing`);
 * - `autonomy-tick`: the fallback breakers, then autonomous approvals past their hold;
 * - `expire-pending`: pending cards older than their time to live become `expired`;
 * - `stale-sending-recovery`, `clean-day-accounting`, `inbox-retention`, `cadence-tick`;
 * - `approval-sends`: approvals whose undo window ended and whose in-process timer was
 *   lost with its instance (only with an undo window).
 *
 * @category model
 */
export const PERIODIC_JOBS = [
  'dispatch-tick',
  'autonomy-tick',
  'expire-pending',
  'stale-sending-recovery',
  'clean-day-accounting',
  'inbox-retention',
  'cadence-tick',
  'approval-sends',
] as const;
export type PeriodicJobName = (typeof PERIODIC_JOBS)[number];

/** A unit of background work: plain data, so any engine can store and retry it. @category model */
export type WorkJob =
  | { readonly kind: 'executeBatch'; readonly batchId: BatchId; readonly actor: string }
  | { readonly kind: 'periodic'; readonly name: PeriodicJobName };

/** How far a job got: items done of the total, and how many ended each way. @category model */
export interface JobProgress {
  readonly done: number;
  readonly total: number;
  readonly counts: Readonly<Record<string, number>>;
}

export const JOB_STATES = ['waiting', 'delayed', 'active', 'completed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** A job as the engine sees it now. @category model */
export interface JobStatus {
  readonly id: string;
  readonly job: WorkJob;
  readonly state: JobState;
  readonly progress: JobProgress | null;
  /** Runs started so far (a retaken stalled job counts again). */
  readonly attempts: number;
  readonly summary?: string;
  readonly failedReason?: string;
  readonly enqueuedAt: string;
  readonly finishedAt?: string;
}

/**
 * What a handler answers. `Retry` asks the engine to run the job again later (the work
 * is busy elsewhere or a dependency is down); throwing is for bugs only.
 */
export type JobOutcome = { readonly _tag: 'Done'; readonly summary: string } | { readonly _tag: 'Retry'; readonly reason: string };

/** Given to a handler while it runs one job. */
export interface JobRunContext {
  readonly jobId: string;
  reportProgress(progress: JobProgress): Promise<void>;
}

export type JobHandler = (job: WorkJob, context: JobRunContext) => Promise<JobOutcome>;

/** The last run of one scheduled job on this engine. */
export interface ScheduledRun {
  readonly at: string;
  readonly ok: boolean;
  readonly summary: string;
}

/** What readiness reports of the engine. @category model */
export interface EngineHealth {
  readonly engine: 'bullmq' | 'in-process';
  readonly connected: boolean;
  /** Workers consuming the queue (every instance's, for a shared engine). */
  readonly workers: number;
  readonly waiting: number;
  readonly active: number;
  readonly failed: number;
  readonly oldestWaitingAt: string | null;
  readonly lastRuns: Readonly<Partial<Record<PeriodicJobName, ScheduledRun>>>;
  readonly detail?: string;
}

/** @category errors */
export interface QueueUnavailable {
  readonly _tag: 'QueueUnavailable';
  readonly message: string;
}

/**
 * Background work: one-off jobs and periodic ones, run at least once by whichever worker
 * takes them. A job may run twice (a worker that died mid-run, a retry): every handler
 * must be safe to re-run, which the send ledger's claim makes true of sends.
 * `enqueue` of an `executeBatch` for a batch whose job is still waiting or running
 * returns that job (one job per batch at a time).
 *
 * @category ports
 */
export interface WorkQueue {
  enqueue(job: WorkJob): ResultAsync<JobStatus, QueueUnavailable>;
  /** Runs `name` every `everyMs` from now on (idempotent: the same name is one schedule). */
  schedule(name: PeriodicJobName, everyMs: number): ResultAsync<void, QueueUnavailable>;
  /** Stops running `name` periodically (idempotent: an unknown name is fine). */
  unschedule(name: PeriodicJobName): ResultAsync<void, QueueUnavailable>;
  status(jobId: string): ResultAsync<JobStatus | null, QueueUnavailable>;
  /** Starts taking jobs on this instance with `handler` (once). */
  work(handler: JobHandler): void;
  health(): Promise<EngineHealth>;
  /** Stops taking jobs, waits for the ones running, and closes connections. */
  close(): Promise<void>;
}
export const WorkQueue = token<WorkQueue>('WorkQueue');

/** The job id of a batch's execution: one per batch, whatever the engine. @category model */
export const batchJobId = (batchId: BatchId): string => `batch-${batchId}`;

/** A periodic job's run, as a queued job id prefix. */
export const periodicJobId = (name: PeriodicJobName): string => `every-${name}`;
