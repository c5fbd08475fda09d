import {
  batchJobId,
  jitteredBackoffMs,
  PERIODIC_JOBS,
  type EngineHealth,
  type JobHandler,
  type JobStatus,
  type PeriodicJobName,
  type QueueUnavailable,
  type ScheduledRun,
  type WorkJob,
  type WorkQueue,
} from '@caio/core';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { ResultAsync } from 'neverthrow';
import { bullConnection, jobsPrefix, type BullConnection } from './bullmq-connection.js';
import { jobStatus } from './job-status.js';
import { parseScheduledRun, parseWorkJob } from './work-job-schema.js';

export interface BullmqWorkQueueOptions {
  readonly connection: BullConnection;
  /** The state store's key prefix (REDIS_KEY_PREFIX); the queue's keys live under `{<prefix>:jobs}`. */
  readonly keyPrefix: string;
  /** Jobs run at once by this instance's worker. */
  readonly concurrency: number;
  /**
   * How long a worker's claim on a running job lasts without renewal (BullMQ renews it at
   * half this while the worker lives). A worker killed mid-job leaves the job stalled; it
   * is retaken this long after the last renewal.
   */
  readonly lockMs: number;
}

const QUEUE = 'caio';
/** Completed and failed jobs kept for inspection (`GET /api/batches/:id`). */
const KEEP = { age: 7 * 86_400, count: 5_000 };
/**
 * A job that asks to be retried waits an exponential, jittered delay (at most 30 s), so
 * jobs that failed together (a Redis restart) are not retried in step.
 */
const retryDelay = (attemptsMade: number): number => jitteredBackoffMs(Math.max(1, attemptsMade), { baseMs: 500, capMs: 30_000 }, Math.random());

class RetryLater extends Error {}

/** How long shutdown waits for a worker's running jobs and the connections to close. */
const CLOSE_TIMEOUT_MS = 20_000;
/** How long readiness waits for the engine's answer. */
const HEALTH_TIMEOUT_MS = 1_500;

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the job engine did not answer within ${ms} ms`)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });

const unavailable = (error: unknown): QueueUnavailable => ({ _tag: 'QueueUnavailable', message: error instanceof Error ? error.message : String(error) });

/**
 * The `WorkQueue` on BullMQ, over the state store's Redis. Periodic work is a BullMQ job
 * scheduler per job (every instance upserts the same scheduler, so there is one per
 * name however many instances run); the scheduler adds the next run when the current
 * one starts, so a slow run never makes the next tick skip. A batch's execution is one
 * job with id `batch-<id>`. A worker killed mid-job leaves it stalled; another worker
 * retakes it (at-least-once), and the send ledger's claim makes the retake harmless.
 *
 * @category adapters
 */
export class BullmqWorkQueue implements WorkQueue {
  private opened: { readonly queue: Queue; readonly redis: ReturnType<typeof bullConnection> } | null = null;
  private readonly prefix: string;
  private worker: Worker | null = null;
  private workerRedis: ReturnType<typeof bullConnection> | null = null;

  constructor(private readonly options: BullmqWorkQueueOptions) {
    this.prefix = jobsPrefix(options.keyPrefix);
  }

  /** Connects on first use, so composing the app (a CLI command) opens no connection. */
  private get queue(): Queue {
    return this.connection().queue;
  }

  /** The queue's connection, also used for the last-run records and the health ping. */
  private get redis(): ReturnType<typeof bullConnection> {
    return this.connection().redis;
  }

  private connection(): { readonly queue: Queue; readonly redis: ReturnType<typeof bullConnection> } {
    if (!this.opened) {
      const redis = bullConnection(this.options.connection);
      const queue = new Queue(QUEUE, { connection: redis, prefix: this.prefix });
      queue.on('error', () => undefined);
      this.opened = { queue, redis };
    }
    return this.opened;
  }

  enqueue(job: WorkJob): ResultAsync<JobStatus, QueueUnavailable> {
    return ResultAsync.fromPromise(this.add(job), unavailable);
  }

  private async add(job: WorkJob): Promise<JobStatus> {
    const jobId = job.kind === 'executeBatch' ? batchJobId(job.batchId) : undefined;
    if (jobId) {
      const existing = await this.queue.getJob(jobId);
      if (existing) {
        const state = await existing.getState();
        // A finished run is replaced (a deferred batch runs again); a live one is returned.
        if (state !== 'completed' && state !== 'failed') return jobStatus(existing, state);
        await existing.remove().catch(() => undefined);
      }
    }
    const added = await this.queue.add(job.kind, job, {
      ...(jobId ? { jobId } : {}),
      attempts: 1_000,
      backoff: { type: 'custom' },
      removeOnComplete: KEEP,
      removeOnFail: KEEP,
    });
    return jobStatus(added, await added.getState());
  }

  schedule(name: PeriodicJobName, everyMs: number): ResultAsync<void, QueueUnavailable> {
    const job: WorkJob = { kind: 'periodic', name };
    return ResultAsync.fromPromise(
      this.queue.upsertJobScheduler(name, { every: everyMs }, { name: 'periodic', data: job, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } }).then(() => undefined),
      unavailable,
    );
  }

  unschedule(name: PeriodicJobName): ResultAsync<void, QueueUnavailable> {
    return ResultAsync.fromPromise(this.queue.removeJobScheduler(name).then(() => undefined), unavailable);
  }

  status(jobId: string): ResultAsync<JobStatus | null, QueueUnavailable> {
    return ResultAsync.fromPromise(
      (async () => {
        const job = await this.queue.getJob(jobId);
        return job ? jobStatus(job, await job.getState()) : null;
      })(),
      unavailable,
    );
  }

  work(handler: JobHandler): void {
    if (this.worker) return;
    // BullMQ leaves a connection it was given open on close: this one is closed in close().
    const workerRedis = bullConnection(this.options.connection);
    this.workerRedis = workerRedis;
    this.worker = new Worker(
      QUEUE,
      async (job: Job) => {
        const data = parseWorkJob(job.data);
        // A job this version cannot read is failed for the operator, never guessed at.
        if (!data) throw new UnrecoverableError(`job ${job.id ?? ''} has data this version does not know`);
        const outcome = await handler(data, { jobId: job.id ?? '', reportProgress: (progress) => job.updateProgress(progress) }).catch((error: unknown) => {
          throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
        });
        if (data.kind === 'periodic') {
          // A periodic run that could not work now is simply the next tick's to do.
          await this.recordRun(data.name, { at: new Date().toISOString(), ok: outcome._tag === 'Done', summary: outcome._tag === 'Done' ? outcome.summary : outcome.reason });
          return outcome._tag === 'Done' ? outcome.summary : `not done: ${outcome.reason}`;
        }
        if (outcome._tag === 'Retry') throw new RetryLater(outcome.reason);
        return outcome.summary;
      },
      {
        connection: workerRedis,
        prefix: this.prefix,
        concurrency: this.options.concurrency,
        lockDuration: this.options.lockMs,
        stalledInterval: Math.max(1_000, Math.floor(this.options.lockMs / 2)),
        // A job retaken after a crash is fine (the ledger forbids a resend); keep retaking.
        maxStalledCount: 100,
        settings: { backoffStrategy: retryDelay },
      },
    );
    this.worker.on('error', () => undefined);
  }

  private async recordRun(name: PeriodicJobName, run: ScheduledRun): Promise<void> {
    await this.redis.hset(`${this.prefix}:last-runs`, name, JSON.stringify(run));
  }

  async health(): Promise<EngineHealth> {
    try {
      // BullMQ's connections wait out an outage (offline queue): bound the probe instead.
      return await withTimeout(this.probe(), HEALTH_TIMEOUT_MS);
    } catch (error) {
      return { engine: 'bullmq', connected: false, workers: 0, waiting: 0, active: 0, failed: 0, oldestWaitingAt: null, lastRuns: {}, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  private async probe(): Promise<EngineHealth> {
    await this.redis.ping();
    const [counts, workers, oldest, runs] = await Promise.all([
      this.queue.getJobCounts('waiting', 'prioritized', 'active', 'failed'),
      this.queue.getWorkersCount(),
      this.queue.getJobs(['waiting', 'prioritized'], 0, 0, true),
      this.redis.hgetall(`${this.prefix}:last-runs`),
    ]);
    const lastRuns: Partial<Record<PeriodicJobName, ScheduledRun>> = {};
    for (const name of PERIODIC_JOBS) {
      const run = runs[name] === undefined ? null : parseScheduledRun(runs[name]);
      if (run) lastRuns[name] = run;
    }
    return {
      engine: 'bullmq',
      connected: true,
      workers,
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      failed: counts.failed ?? 0,
      oldestWaitingAt: oldest[0] ? new Date(oldest[0].timestamp).toISOString() : null,
      lastRuns,
    };
  }

  async close(): Promise<void> {
    // A worker finishes its running jobs first. Against a Redis that does not answer that
    // would wait forever: then, or past the bound, the sockets are dropped (a job cut off
    // is retaken by another worker, and the ledger claim makes the retake safe).
    const reachable = this.opened?.redis.status === 'ready';
    if (this.worker) await withTimeout(this.worker.close(!reachable), CLOSE_TIMEOUT_MS).catch(() => this.worker?.disconnect());
    const workerRedis = this.workerRedis;
    if (workerRedis?.status === 'ready') await withTimeout(workerRedis.quit(), CLOSE_TIMEOUT_MS).catch(() => workerRedis.disconnect());
    else workerRedis?.disconnect();
    if (!this.opened) return;
    const { queue, redis } = this.opened;
    if (!reachable) {
      // The queue uses this connection; BullMQ's own close would wait for it to be ready.
      redis.disconnect();
      return;
    }
    await withTimeout(queue.close(), CLOSE_TIMEOUT_MS).catch(() => queue.disconnect());
    await withTimeout(redis.quit(), CLOSE_TIMEOUT_MS).catch(() => redis.disconnect());
  }
}
