import {
  batchJobId,
  jitteredBackoffMs,
  type EngineHealth,
  type JobHandler,
  type JobOutcome,
  type JobStatus,
  type PeriodicJobName,
  type QueueUnavailable,
  type ScheduledRun,
  type WorkJob,
  type WorkQueue,
} from '@caio/core';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';

export interface InProcessWorkQueueOptions {
  /** One-off jobs run at once. */
  readonly concurrency: number;
  /** The first retry's delay ceiling; later ones double it, jittered (at most 30 s). */
  readonly retryDelayMs?: number;
  readonly now?: () => Date;
}

/** Finished jobs remembered for `status` (the oldest are forgotten first). */
const KEEP_FINISHED = 1_000;
const MAX_ATTEMPTS = 1_000;

interface Entry {
  status: JobStatus;
}

/**
 * The `WorkQueue` of the embedded deployment (the file store): jobs run in this process,
 * no Redis needed. Jobs live in memory: a process that dies loses its queued jobs, which
 * is safe because every job's work is recorded in the store (a batch left `executing` is
 * found and resumed by the next dispatcher tick, on this process or another one sharing
 * the file store; a card claimed but not finished becomes `unknown` by stale recovery).
 * A periodic job whose tick comes while its previous run is still going runs again as
 * soon as that run ends: a tick is never skipped, and never run twice at once here.
 *
 * @category adapters
 */
export class InProcessWorkQueue implements WorkQueue {
  private readonly jobs = new Map<string, Entry>();
  private readonly waiting: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Map<PeriodicJobName, NodeJS.Timeout>();
  private readonly periodicRunning = new Map<PeriodicJobName, Promise<void>>();
  private readonly periodicAgain = new Set<PeriodicJobName>();
  private readonly lastRuns: Partial<Record<PeriodicJobName, ScheduledRun>> = {};
  private handler: JobHandler | null = null;
  private active = 0;
  private counter = 0;
  private closed = false;
  private readonly now: () => Date;

  constructor(private readonly options: InProcessWorkQueueOptions) {
    this.now = options.now ?? (() => new Date());
  }

  enqueue(job: WorkJob): ResultAsync<JobStatus, QueueUnavailable> {
    if (this.closed) return errAsync({ _tag: 'QueueUnavailable', message: 'the work queue is closed (shutting down)' });
    return okAsync(this.add(job));
  }

  private add(job: WorkJob): JobStatus {
    const id = job.kind === 'executeBatch' ? batchJobId(job.batchId) : `${job.name}-${(++this.counter).toString(36)}`;
    const existing = this.jobs.get(id);
    if (existing && (existing.status.state === 'waiting' || existing.status.state === 'active' || existing.status.state === 'delayed')) return existing.status;
    const entry: Entry = { status: { id, job, state: 'waiting', progress: null, attempts: 0, enqueuedAt: this.now().toISOString() } };
    this.jobs.delete(id);
    this.jobs.set(id, entry);
    this.forgetOld();
    this.waiting.push(id);
    this.pump();
    return entry.status;
  }

  schedule(name: PeriodicJobName, everyMs: number): ResultAsync<void, QueueUnavailable> {
    // One schedule per name: scheduling again replaces the interval.
    clearInterval(this.timers.get(name));
    const timer = setInterval(() => this.tick(name), everyMs);
    timer.unref();
    this.timers.set(name, timer);
    return okAsync(undefined);
  }

  unschedule(name: PeriodicJobName): ResultAsync<void, QueueUnavailable> {
    clearInterval(this.timers.get(name));
    this.timers.delete(name);
    return okAsync(undefined);
  }

  /** Runs a periodic job now (tests and start-up use it; timers call it on each tick). */
  tick(name: PeriodicJobName): Promise<void> {
    const current = this.periodicRunning.get(name);
    if (current) {
      // Busy with the previous tick: run once more right after it, never skip.
      this.periodicAgain.add(name);
      return current;
    }
    const run = (async () => {
      do {
        this.periodicAgain.delete(name);
        if (!this.handler || this.closed) return;
        const outcome = await this.safeRun({ kind: 'periodic', name }, `every-${name}`, async () => undefined);
        // A periodic run that could not work (or crashed) is the next tick's to do.
        this.lastRuns[name] = { at: this.now().toISOString(), ok: outcome._tag === 'Done', summary: outcome._tag === 'Done' ? outcome.summary : outcome.reason };
      } while (this.periodicAgain.has(name) && !this.closed);
    })().finally(() => this.periodicRunning.delete(name));
    this.periodicRunning.set(name, run);
    return run;
  }

  status(jobId: string): ResultAsync<JobStatus | null, QueueUnavailable> {
    return okAsync(this.jobs.get(jobId)?.status ?? null);
  }

  work(handler: JobHandler): void {
    this.handler ??= handler;
    this.pump();
  }

  private pump(): void {
    while (this.handler && !this.closed && this.active < Math.max(1, this.options.concurrency) && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      const entry = this.jobs.get(id);
      if (!entry || entry.status.state !== 'waiting') continue;
      this.active++;
      const run = this.runOne(entry).finally(() => {
        this.active--;
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async runOne(entry: Entry): Promise<void> {
    const set = (patch: Partial<JobStatus>) => (entry.status = { ...entry.status, ...patch });
    set({ state: 'active', attempts: entry.status.attempts + 1 });
    const outcome = await this.safeRun(entry.status.job, entry.status.id, async (progress) => void set({ progress }));
    if (outcome._tag === 'Crashed') {
      // A bug, not a condition to wait out: failed for the operator, as BullMQ does.
      set({ state: 'failed', failedReason: outcome.reason, finishedAt: this.now().toISOString() });
      return;
    }
    if (outcome._tag === 'Done') {
      set({ state: 'completed', summary: outcome.summary, finishedAt: this.now().toISOString() });
      return;
    }
    if (entry.status.attempts >= MAX_ATTEMPTS || this.closed) {
      set({ state: 'failed', failedReason: outcome.reason, finishedAt: this.now().toISOString() });
      return;
    }
    set({ state: 'delayed', failedReason: outcome.reason });
    const timer = setTimeout(() => {
      if (entry.status.state !== 'delayed') return;
      set({ state: 'waiting' });
      this.waiting.push(entry.status.id);
      this.pump();
    }, jitteredBackoffMs(entry.status.attempts, { baseMs: this.options.retryDelayMs ?? 500, capMs: 30_000 }, Math.random()));
    timer.unref();
  }

  /** Runs the handler; a thrown error (a bug) is a failed run, reported, never a crash of the runner. */
  private async safeRun(job: WorkJob, jobId: string, progress: (p: NonNullable<JobStatus['progress']>) => Promise<void>): Promise<JobOutcome | { readonly _tag: 'Crashed'; readonly reason: string }> {
    const handler = this.handler;
    if (!handler) return { _tag: 'Retry', reason: 'no worker yet' };
    try {
      return await handler(job, { jobId, reportProgress: progress });
    } catch (error) {
      return { _tag: 'Crashed', reason: `crashed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private forgetOld(): void {
    if (this.jobs.size <= KEEP_FINISHED) return;
    for (const [id, entry] of this.jobs) {
      if (this.jobs.size <= KEEP_FINISHED) break;
      if (entry.status.state === 'completed' || entry.status.state === 'failed') this.jobs.delete(id);
    }
  }

  async health(): Promise<EngineHealth> {
    const statuses = [...this.jobs.values()].map((e) => e.status);
    const waiting = statuses.filter((s) => s.state === 'waiting' || s.state === 'delayed');
    return {
      engine: 'in-process',
      connected: !this.closed,
      workers: this.handler && !this.closed ? 1 : 0,
      waiting: waiting.length,
      active: statuses.filter((s) => s.state === 'active').length,
      failed: statuses.filter((s) => s.state === 'failed').length,
      oldestWaitingAt: waiting.map((s) => s.enqueuedAt).sort()[0] ?? null,
      lastRuns: { ...this.lastRuns },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
    await Promise.all([...this.running, ...this.periodicRunning.values()]);
  }
}
