import type { PeriodicJobName, WorkQueue } from '@caio/core';
import type { AppConfig } from '../config/app-config.js';
import { jobHandler } from './job-handler.js';
import type { JobServices } from './job-services.js';

/** Every periodic job and how often it runs, from the configuration. */
export const periodicSchedule = (config: AppConfig): readonly (readonly [PeriodicJobName, number])[] => [
  ['dispatch-tick', config.schedule.dispatchMs],
  ['autonomy-tick', config.schedule.autonomyMs],
  ['expire-pending', config.schedule.expiryMs],
  ['stale-sending-recovery', config.schedule.staleRecoveryMs],
  ['clean-day-accounting', config.schedule.cleanDayMs],
  ['inbox-retention', config.schedule.inboxRetentionMs],
  ...(config.cadences.length > 0 ? [['cadence-tick', config.schedule.cadenceTickMs] as const] : []),
];

/**
 * Starts this instance's worker and (idempotently) the job schedulers. Returns the
 * first scheduling failure, if any (the engine is then unhealthy in readiness).
 *
 * @category adapters
 */
export const startJobs = async (jobs: WorkQueue, services: JobServices, config: AppConfig): Promise<string | null> => {
  jobs.work(jobHandler(services));
  if (!config.schedule.enabled) return null;
  for (const [name, every] of periodicSchedule(config)) {
    const scheduled = await jobs.schedule(name, every);
    if (scheduled.isErr()) return `${name}: ${scheduled.error.message}`;
  }
  return null;
};
