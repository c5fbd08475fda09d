import { PERIODIC_JOBS, type PeriodicJobName, type WorkQueue } from '@caio/core';
import type { AppConfig } from '../config/app-config.js';
import { jobHandler } from './job-handler.js';
import type { JobServices } from './job-services.js';

/** How soon an approval whose timer died with its process is sent after its undo window. */
export const APPROVAL_SWEEP_MS = 15_000;

/** Every periodic job and how often it runs, from the configuration. */
export const periodicSchedule = (config: AppConfig): readonly (readonly [PeriodicJobName, number])[] => [
  ['dispatch-tick', config.schedule.dispatchMs],
  ['autonomy-tick', config.schedule.autonomyMs],
  ['expire-pending', config.schedule.expiryMs],
  ['stale-sending-recovery', config.schedule.staleRecoveryMs],
  ['clean-day-accounting', config.schedule.cleanDayMs],
  ['inbox-retention', config.schedule.inboxRetentionMs],
  ...(config.cadences.length > 0 ? [['cadence-tick', config.schedule.cadenceTickMs] as const] : []),
  ...(config.approvalUndoSeconds > 0 ? [['approval-sends', APPROVAL_SWEEP_MS] as const] : []),
];

/**
 * Starts this instance's worker and (idempotently) the job schedulers this configuration
 * wants, removing the others. Returns the first failure, if any.
 *
 * @category adapters
 */
export const startJobs = async (jobs: WorkQueue, services: JobServices, config: AppConfig): Promise<string | null> => {
  jobs.work(jobHandler(services));
  const wanted = config.schedule.enabled ? periodicSchedule(config) : [];
  for (const [name, every] of wanted) {
    const scheduled = await jobs.schedule(name, every);
    if (scheduled.isErr()) return `${name}: ${scheduled.error.message}`;
  }
  // A shared engine keeps schedules in Redis: drop the ones this configuration does not
  // want (SCHEDULED_WORK_ENABLED=false, CADENCES removed). Configure instances alike.
  for (const name of PERIODIC_JOBS.filter((n) => !wanted.some(([w]) => w === n))) {
    const removed = await jobs.unschedule(name);
    if (removed.isErr()) return `${name}: ${removed.error.message}`;
  }
  return null;
};
