import { dayKey, isWithinWindow, type SendWindow } from '../time/zoned-time.js';

const MINUTE = 60_000;
// A week of minutes: any daily window opens within it, whatever the daylight-saving shifts.
const HORIZON_MINUTES = 8 * 24 * 60;

/**
 * The first minute from `from` (itself included) at which the send window is open,
 * optionally on a later send day than `notOnDay` (a day whose cap is used up). Walks
 * minute by minute in the zone's own wall-clock time, so daylight-saving days are right.
 * Null only for a window that never opens (none is accepted by configuration).
 *
 * @category model
 */
export const nextWindowOpening = (from: Date, window: SendWindow, timeZone: string, notOnDay?: string): Date | null => {
  const start = Math.ceil(from.getTime() / MINUTE) * MINUTE;
  for (let i = 0; i <= HORIZON_MINUTES; i++) {
    const at = new Date(start + i * MINUTE);
    if ((notOnDay === undefined || dayKey(at, timeZone) !== notOnDay) && isWithinWindow(at, window, timeZone)) return at;
  }
  return null;
};
