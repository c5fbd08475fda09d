import type { Logger, LockManager } from '@caio/core';
import { runUnderLease, type LeasedRun } from './run-under-lease.js';
import type { ScheduledJob } from './scheduled-job.js';

/**
 * Fires every job on its own interval, each under its lease. One run of a job at a time
 * per instance (a slow run is never overlapped by the next tick). `stop` clears the
 * timers and waits for runs in progress, so shutdown never cuts a job in half.
 *
 * @category adapters
 */
export class Scheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<LeasedRun>>();

  constructor(
    private readonly jobs: readonly ScheduledJob[],
    private readonly locks: LockManager,
    private readonly logger: Logger,
    /** Told of every run's result (metrics). */
    private readonly onRun: (job: string, result: LeasedRun) => void = () => undefined,
  ) {}

  start(): void {
    for (const job of this.jobs) {
      const timer = setInterval(() => void this.runNow(job.name), job.intervalMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Runs one job now (under its lease); an already running job is not started twice. */
  runNow(name: string): Promise<LeasedRun> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no scheduled job named ${name}`);
    const current = this.running.get(name);
    if (current) return current;
    const run = runUnderLease(this.locks, job)
      .then((result) => {
        if (result._tag === 'Ran') this.logger[result.ok ? 'info' : 'warn']('scheduled job ran', { job: name, ok: result.ok, summary: result.summary });
        if (result._tag === 'LockUnavailable') this.logger.warn('scheduled job skipped: lock store unavailable', { job: name, detail: result.detail });
        this.onRun(name, result);
        return result;
      })
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
    await Promise.all(this.running.values());
  }
}
