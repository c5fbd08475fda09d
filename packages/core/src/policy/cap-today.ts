import { effectiveDailyCap } from './daily-cap.js';
import type { SendPolicyConfig } from './send-policy-config.js';

/** Today's cap and why, as the queue trace and the status API show it. @category model */
export interface CapToday {
  readonly cap: number;
  readonly cleanDaysInRow: number;
  readonly reason: string;
}

/**
 * Explains `effectiveDailyCap`: which ramp step applies after how many clean days. The
 * ramp's step is the run of clean days in a row; a day that is not clean ends the run,
 * so the next day's cap is back at the ramp's first step.
 *
 * @category model
 */
export const capToday = (config: SendPolicyConfig, cleanDaysInRow: number): CapToday => {
  const cap = effectiveDailyCap(config, cleanDaysInRow);
  if (config.rampSchedule.length === 0) return { cap, cleanDaysInRow, reason: `DAILY_SEND_CAP ${config.dailyCap} (no SEND_RAMP)` };
  const ramp = [config.dailyCap, ...config.rampSchedule.map((s) => s.dailyCap)].join(',');
  const step = config.rampSchedule.filter((s) => cleanDaysInRow >= s.afterCleanDays).length;
  return { cap, cleanDaysInRow, reason: `SEND_RAMP ${ramp}: step ${step + 1} after ${cleanDaysInRow} clean day(s) in a row` };
};
