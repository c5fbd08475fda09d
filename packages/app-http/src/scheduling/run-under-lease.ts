import type { Lease, LockManager } from '@caio/core';
import type { ScheduledJob } from './scheduled-job.js';

export type LeasedRun =
  | { readonly _tag: 'Ran'; readonly ok: boolean; readonly summary: string }
  | { readonly _tag: 'HeldElsewhere' }
  | { readonly _tag: 'LockUnavailable'; readonly detail: string };

/**
 * How long a job's lease lasts: past the next tick, so the holder keeps it from one run
 * to the next, and short enough that another instance takes over within half an
 * interval after the holder dies.
 */
export const leaseTtlMs = (job: ScheduledJob): number => Math.ceil(job.intervalMs * 1.5);

/**
 * Runs a job only if this instance holds its lease. The lease is owned: the instance that
 * holds it renews it on its next tick and runs again, so a job never skips a tick because
 * of its own previous run (a lease lasting exactly one interval often outlived the next
 * tick by the lock round trip). Another instance whose timer fires finds it held and
 * skips, so among instances sharing a store the job runs once per interval. If the lock
 * store cannot be reached the job does not run here at all (fail closed: a later tick, on
 * this or another instance, runs it).
 */
export const runUnderLease = async (locks: LockManager, job: ScheduledJob, held: Lease | null): Promise<{ readonly run: LeasedRun; readonly lease: Lease | null }> => {
  const ttl = leaseTtlMs(job);
  const renewed = held ? await locks.renew(held, ttl) : null;
  if (renewed?.isErr()) return { run: { _tag: 'LockUnavailable', detail: renewed.error._tag }, lease: held };
  let lease = renewed?.isOk() ? renewed.value : null;
  if (!lease) {
    const acquired = await locks.acquire(`schedule:${job.name}`, ttl);
    if (acquired.isErr()) return { run: { _tag: 'LockUnavailable', detail: acquired.error._tag }, lease: null };
    if (!acquired.value) return { run: { _tag: 'HeldElsewhere' }, lease: null };
    lease = acquired.value;
  }
  const result = await job.run().catch((error: unknown) => ({ ok: false, summary: `crashed: ${error instanceof Error ? error.message : String(error)}` }));
  return { run: { _tag: 'Ran', ...result }, lease };
};
