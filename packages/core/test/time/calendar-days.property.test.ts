import { addCalendarDays, dayKey, localParts, previousDayKey } from '@caio/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The zone's offset from UTC at an instant, in minutes (read back from its wall clock). */
const offsetMinutes = (at: number, zone: string): number => {
  const p = localParts(new Date(at), zone);
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000) / MINUTE);
};

/** Every instant in [from, to) where the zone's offset changes, to the minute. */
const transitions = (zone: string, from: number, to: number): number[] => {
  const found: number[] = [];
  const step = 6 * HOUR; // no zone changes offset twice within six hours
  for (let t = from; t < to; t += step) {
    if (offsetMinutes(t, zone) === offsetMinutes(t + step, zone)) continue;
    let lo = t;
    let hi = t + step;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (offsetMinutes(mid, zone) === offsetMinutes(t, zone)) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  return found;
};

/**
 * The oracle, independent of calendar arithmetic: walk back from the instant in 15-minute
 * steps (every offset and transition of these zones is a multiple of 15 minutes) until
 * the zone's date changes; that date is yesterday.
 */
const yesterdayByWalkingBack = (at: number, zone: string): string => {
  const today = dayKey(new Date(at), zone);
  for (let t = at - 15 * MINUTE; ; t -= 15 * MINUTE) {
    const day = dayKey(new Date(t), zone);
    if (day !== today) return day;
  }
};

// Northern and southern hemispheres, a 30-minute shift (Lord Howe), a zone whose DST ended in 2022 (Mexico City).
const ZONES = ['America/New_York', 'Europe/London', 'Europe/Berlin', 'Australia/Sydney', 'America/Santiago', 'Australia/Lord_Howe', 'America/Mexico_City'];
const FROM = Date.UTC(2020, 0, 1);
const TO = Date.UTC(2036, 0, 1);
const ALL = ZONES.flatMap((zone) => transitions(zone, FROM, TO).map((at) => ({ zone, at })));

describe('calendar days in a zone (previousDayKey, addCalendarDays)', () => {
  it('finds the DST transitions of 2020-2035 (two a year where the zone keeps DST)', () => {
    const count = (zone: string) => ALL.filter((t) => t.zone === zone).length;
    expect(count('America/New_York')).toBe(32);
    expect(count('Europe/Berlin')).toBe(32);
    expect(count('Australia/Lord_Howe')).toBe(32);
    expect(count('America/Mexico_City')).toBe(6); // spring and autumn of 2020-2022; abolished after 2022
  });

  it('at every transition, and up to 36 h either side, yesterday is the previous calendar date', () => {
    const offsets = [-36 * HOUR, -25 * HOUR, -24 * HOUR, -23 * HOUR, -HOUR, -MINUTE, 0, MINUTE, HOUR, 23 * HOUR, 24 * HOUR, 25 * HOUR, 36 * HOUR];
    for (const { zone, at } of ALL) {
      for (const offset of offsets) {
        const instant = new Date(at + offset);
        expect(previousDayKey(instant, zone), `${zone} ${instant.toISOString()}`).toBe(yesterdayByWalkingBack(at + offset, zone));
      }
    }
  });

  it('holds for any instant near any transition (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL), fc.integer({ min: -48 * 60, max: 48 * 60 }), fc.integer({ min: 0, max: 59_999 }), ({ zone, at }, minutes, ms) => {
        const instant = at + minutes * MINUTE + ms;
        const yesterday = previousDayKey(new Date(instant), zone);
        expect(yesterday).toBe(yesterdayByWalkingBack(instant, zone));
        expect(addCalendarDays(yesterday, 1)).toBe(dayKey(new Date(instant), zone));
      }),
      { numRuns: 3_000 },
    );
  });

  it('does not skip 8 March 2026 at 00:30 New York (now - 24 h would give 7 March)', () => {
    const instant = new Date('2026-03-09T04:30:00Z'); // 00:30 EDT, the day after the 23-hour day
    expect(dayKey(instant, 'America/New_York')).toBe('2026-03-09');
    expect(dayKey(new Date(instant.getTime() - 24 * HOUR), 'America/New_York')).toBe('2026-03-07');
    expect(previousDayKey(instant, 'America/New_York')).toBe('2026-03-08');
  });

  it('adds calendar days across month, year and leap-day boundaries, and refuses a non-day', () => {
    expect(addCalendarDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addCalendarDays('2023-03-01', -1)).toBe('2023-02-28');
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2026-01-01', -365)).toBe('2025-01-01');
    expect(() => addCalendarDays('2026-3-1', -1)).toThrow(RangeError);
  });
});
