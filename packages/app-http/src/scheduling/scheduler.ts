import type { Lease, Logger, LockManager } from '@caio/core';
import { runUnderLease, type LeasedRun } from './run-under-lease.js';
import type { ScheduledJob } from './scheduled-job.js';

/**
 * Fires every job on its own interval, each under its lease, which this instance keeps
 * (renews) from one run to the next while it holds it. One run of a job at a time per
 * instance (a slow run is never overlapped by the next tick). `stop` clears the timers,
 * waits for runs in progress (shutdown never cuts a job in half) and releases the leases,
 * so another instance takes the jobs over at its next tick.
 *
 * @category adapters
 */
export class Scheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<LeasedRun>>();
  private readonly leases = new Map<string, Lease>();

  constructor(
    private readonly jobs: readonly ScheduledJob[],
    private readonly locks: LockManager,
    private readonly logger: Logger,
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
    const run = runUnderLease(this.locks, job, this.leases.get(name) ?? null)
      .then(({ run: result, lease }) => {
        if (lease) this.leases.set(name, lease);
        else this.leases.delete(name);
        if (result._tag === 'Ran') this.logger[result.ok ? 'info' : 'warn']('scheduled job ran', { job: name, ok: result.ok, summary: result.summary });
        if (result._tag === 'LockUnavailable') this.logger.warn('scheduled job skipped: lock store unavailable', { job: name, detail: result.detail });
        if (result._tag === 'HeldElsewhere') this.logger.debug('scheduled job left to the instance holding its lease', { job: name });
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
    const held = [...this.leases.values()];
    this.leases.clear();
    await Promise.all(held.map((lease) => this.locks.release(lease)));
  }
}
