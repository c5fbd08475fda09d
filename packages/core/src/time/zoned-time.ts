import { err, ok, type Result } from 'neverthrow';
import type { Brand } from '../shared/brand.js';
import { validationError, type ValidationError } from '../shared/validation-error.js';

/** Minutes since local midnight, 0..1439. @category model */
export type TimeOfDay = Brand<number, 'TimeOfDay'>;

/** A daily window [start, end) in local wall-clock time; it may cross midnight. @category model */
export interface SendWindow {
  readonly start: TimeOfDay;
  readonly end: TimeOfDay;
}

export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: number;
}

// Intl formatters are expensive to build; one per zone is enough.
const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** True for a zone the runtime's IANA database knows (`America/New_York`, `UTC`). */
export const isValidTimeZone = (timeZone: string): boolean => {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
};

/** The last wall-clock reading per zone (bounded by the number of zones, like `formatters`). */
const lastReading = new Map<string, { readonly second: number; readonly parts: LocalParts }>();

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/**
 * The wall-clock reading of an instant in a zone. Computed by the IANA rules, so it is
 * right on both daylight-saving transition days; the server's own zone plays no part.
 *
 * @category model
 */
export const localParts = (instant: Date, timeZone: string): LocalParts => {
  // Zone offsets are whole seconds, so one second of one zone has one reading. A send
  // decision asks several times for the same instant (window, quiet hours, day key),
  // and formatToParts is the costly part: the last reading per zone is kept.
  const second = Math.floor(instant.getTime() / 1000);
  const last = lastReading.get(timeZone);
  if (last && last.second === second) return last.parts;
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  const reading: LocalParts = Object.freeze({
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0,
  });
  // An invalid date threw above; NaN never matches, so it is never served from here.
  lastReading.set(timeZone, { second, parts: reading });
  return reading;
};

/** The send day of an instant in a zone, `YYYY-MM-DD`: daily caps count per this day. */
export const dayKey = (instant: Date, timeZone: string): string => {
  const p = localParts(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
};

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The calendar date `days` after (or before, when negative) a `YYYY-MM-DD` day: pure
 * calendar arithmetic, no instant and no zone, so a 23- or 25-hour day changes nothing.
 * Throws on a string that is not a day key (a bug: day keys come from `dayKey`).
 */
export const addCalendarDays = (day: string, days: number): string => {
  const match = DAY_KEY.exec(day);
  if (!match) throw new RangeError(`addCalendarDays: ${JSON.stringify(day)} is not YYYY-MM-DD`);
  // Date.UTC has no daylight saving: every UTC day is 24 hours long.
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return date.toISOString().slice(0, 10);
};

/**
 * The send day before the one `instant` falls on in `timeZone`: the previous calendar
 * date, not the day of `instant` minus 24 hours (which skips a day just after a 23-hour
 * day ends, e.g. 00:30 New York on 2026-03-09 minus 24 h is still 2026-03-07).
 */
export const previousDayKey = (instant: Date, timeZone: string): string => addCalendarDays(dayKey(instant, timeZone), -1);

export const parseTimeOfDay = (raw: string): Result<TimeOfDay, ValidationError> => {
  const match = /^(\d{1,2}):(\d{2})$/.exec(raw.trim());
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59) return err(validationError('time', `"${raw}" is not a time of day (HH:MM, 00:00-23:59)`));
  return ok((hours * 60 + minutes) as TimeOfDay);
};

export const parseSendWindow = (raw: string): Result<SendWindow, ValidationError> => {
  const [from, to, ...rest] = raw.split('-');
  if (from === undefined || to === undefined || rest.length > 0) return err(validationError('window', `"${raw}" is not a window (HH:MM-HH:MM)`));
  return parseTimeOfDay(from).andThen((start) =>
    parseTimeOfDay(to).andThen((end) => (start === end ? err(validationError('window', 'start and end must differ')) : ok({ start, end }))),
  );
};

/** Whether the local wall-clock time of `instant` in `timeZone` is inside [start, end). */
export const isWithinWindow = (instant: Date, window: SendWindow, timeZone: string): boolean => {
  const p = localParts(instant, timeZone);
  const minute = p.hour * 60 + p.minute;
  return window.start < window.end ? minute >= window.start && minute < window.end : minute >= window.start || minute < window.end;
};
