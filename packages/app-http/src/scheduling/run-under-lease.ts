import type { LockManager } from '@caio/core';
import type { ScheduledJob } from './scheduled-job.js';

export type LeasedRun =
  | { readonly _tag: 'Ran'; readonly ok: boolean; readonly summary: string }
  | { readonly _tag: 'HeldElsewhere' }
  | { readonly _tag: 'LockUnavailable'; readonly detail: string };

/**
 * Runs a job only if this instance takes its lease. The lease is kept for the whole
 * interval (never released early): another instance whose timer fires a moment later
 * finds it held and skips, so among instances sharing a store the job runs once per
 * interval. If the lock store cannot be reached the job does not run here at all
 * (fail closed: a later tick, on this or another instance, runs it).
 */
export const runUnderLease = async (locks: LockManager, job: ScheduledJob): Promise<LeasedRun> => {
  const acquired = await locks.acquire(`schedule:${job.name}`, job.intervalMs);
  if (acquired.isErr()) return { _tag: 'LockUnavailable', detail: acquired.error._tag };
  if (!acquired.value) return { _tag: 'HeldElsewhere' };
  const result = await job.run().catch((error: unknown) => ({ ok: false, summary: `crashed: ${error instanceof Error ? error.message : String(error)}` }));
  return { _tag: 'Ran', ...result };
};
