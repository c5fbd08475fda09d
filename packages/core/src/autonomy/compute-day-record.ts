import type { DayRecord } from '../clean-days.js';
import type { LedgerEntry } from '../ledger/send-ledger.js';
import { addCalendarDays } from '../time/zoned-time.js';

/**
 * One send day's record from its ledger entries and the day's gate failures. Clean:
 * live (non-sandbox) sends happened, no gate failure, nothing still unresolved.
 *
 * @category model
 */
export const computeDayRecord = (day: string, entries: readonly LedgerEntry[], gateFailures: number, at: string): DayRecord => {
  const live = entries.filter((e) => !e.sandbox);
  const unresolved = live.filter((e) => e.state !== 'sent').length;
  return { day, liveSends: live.length, gateFailures, unresolvedSends: unresolved, clean: live.length > 0 && gateFailures === 0 && unresolved === 0, computedAt: at };
};

const previousDay = (day: string): string => addCalendarDays(day, -1);

/**
 * Clean days in a row ending today or yesterday (today may still be in progress); a day
 * without a record breaks the run.
 *
 * @category model
 */
export const cleanDaysInRow = (records: readonly DayRecord[], today: string): number => {
  const byDay = new Map(records.map((r) => [r.day, r]));
  let day = byDay.get(today)?.clean ? today : previousDay(today);
  let run = 0;
  while (byDay.get(day)?.clean) {
    run++;
    day = previousDay(day);
  }
  return run;
};
