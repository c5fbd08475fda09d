import { PERIODIC_JOBS, type ScheduledRun, type WorkJob } from '@caio/core';
import { z } from 'zod';

/** A job's data as stored in Redis: untrusted JSON, checked before any handler sees it. */
const workJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('executeBatch'), batchId: z.string().min(1).max(128), actor: z.string().min(1).max(128) }),
  z.object({ kind: z.literal('periodic'), name: z.enum(PERIODIC_JOBS) }),
]);

/** The job, or null when the stored data is not a job this version knows. */
export const parseWorkJob = (data: unknown): WorkJob | null => {
  const parsed = workJob.safeParse(data);
  return parsed.success ? (parsed.data as WorkJob) : null;
};

const scheduledRun = z.object({ at: z.string(), ok: z.boolean(), summary: z.string() });

/** A periodic job's last run as stored in Redis; null when it does not read as one. */
export const parseScheduledRun = (text: string): ScheduledRun | null => {
  try {
    const parsed = scheduledRun.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};
