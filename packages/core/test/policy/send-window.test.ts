import { dayKey, isValidTimeZone, isWithinWindow, localParts, parseSendWindow, parseTimeOfDay } from '@caio/core';
import { arbInstant2026 } from '@caio/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const NY = 'America/New_York';
const window = parseSendWindow('15:00-17:00')._unsafeUnwrap();
const tcpa = parseSendWindow('08:00-21:00')._unsafeUnwrap();
const inWindow = (iso: string, w = window, zone = NY) => isWithinWindow(new Date(iso), w, zone);

describe('send window in a named IANA timezone', () => {
  it('opens at 15:00 and closes at 17:00 New York time on an ordinary winter day (EST, UTC-5)', () => {
    expect(['2026-03-02T19:59:59Z', '2026-03-02T20:00:00Z', '2026-03-02T21:59:59Z', '2026-03-02T22:00:00Z'].map((t) => inWindow(t))).toEqual([false, true, true, false]);
  });

  it('is right on the spring-forward day, 8 March 2026 (02:00 EST -> 03:00 EDT)', () => {
    expect(localParts(new Date('2026-03-08T06:59:59Z'), NY)).toMatchObject({ hour: 1, minute: 59 });
    expect(localParts(new Date('2026-03-08T07:00:00Z'), NY)).toMatchObject({ hour: 3, minute: 0 });
    // 15:00 EDT is 19:00 UTC on that day, not 20:00.
    expect(['2026-03-08T18:59:59Z', '2026-03-08T19:00:00Z', '2026-03-08T20:59:59Z', '2026-03-08T21:00:00Z'].map((t) => inWindow(t))).toEqual([false, true, true, false]);
  });

  it('is right on the fall-back day, 1 November 2026 (02:00 EDT -> 01:00 EST)', () => {
    expect(localParts(new Date('2026-11-01T05:30:00Z'), NY)).toMatchObject({ hour: 1, minute: 30 });
    expect(localParts(new Date('2026-11-01T06:30:00Z'), NY)).toMatchObject({ hour: 1, minute: 30 });
    // 15:00 EST is 20:00 UTC that afternoon.
    expect(['2026-11-01T19:59:59Z', '2026-11-01T20:00:00Z', '2026-11-01T21:59:59Z', '2026-11-01T22:00:00Z'].map((t) => inWindow(t))).toEqual([false, true, true, false]);
    // The repeated 01:00 hour stays on the same send day.
    expect([dayKey(new Date('2026-11-01T05:30:00Z'), NY), dayKey(new Date('2026-11-01T06:30:00Z'), NY)]).toEqual(['2026-11-01', '2026-11-01']);
  });

  it('puts the TCPA edges exactly: 07:59:59 no, 08:00:00 yes, 20:59:59 yes, 21:00:00 no', () => {
    expect(['2026-06-15T11:59:59Z', '2026-06-15T12:00:00Z', '2026-06-16T00:59:59Z', '2026-06-16T01:00:00Z'].map((t) => inWindow(t, tcpa))).toEqual([false, true, true, false]);
  });

  it('supports a window across midnight', () => {
    const night = parseSendWindow('22:00-06:00')._unsafeUnwrap();
    expect(['2026-03-02T02:59:00Z', '2026-03-02T03:00:00Z', '2026-03-02T10:59:00Z', '2026-03-02T11:00:00Z'].map((t) => inWindow(t, night))).toEqual([false, true, true, false]);
  });

  it('does not depend on the server\'s own timezone: the same instant gives the same answer in every zone reading', () => {
    fc.assert(
      fc.property(arbInstant2026, (instant) => {
        const p = localParts(instant, 'UTC');
        expect(p.hour * 60 + p.minute).toBe(instant.getUTCHours() * 60 + instant.getUTCMinutes());
        expect(dayKey(instant, 'UTC')).toBe(instant.toISOString().slice(0, 10));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps no stale reading: repeated, sub-second and alternating-zone readings match the wall clock', () => {
    // localParts keeps the last reading per zone and second; a reading must change with the second and the zone.
    expect(localParts(new Date('2026-03-08T06:59:59.001Z'), NY)).toMatchObject({ hour: 1, minute: 59, second: 59 });
    expect(localParts(new Date('2026-03-08T06:59:59.999Z'), NY)).toMatchObject({ hour: 1, minute: 59, second: 59 });
    expect(localParts(new Date('2026-03-08T07:00:00.000Z'), NY)).toMatchObject({ hour: 3, minute: 0, second: 0 });
    expect(localParts(new Date('2026-03-08T07:00:00.500Z'), 'Europe/London')).toMatchObject({ hour: 7, minute: 0, second: 0 });
    expect(localParts(new Date('2026-03-08T07:00:00.500Z'), NY)).toMatchObject({ hour: 3, minute: 0, second: 0 });
    expect(localParts(new Date('1969-12-31T23:59:59.500Z'), 'UTC')).toMatchObject({ year: 1969, hour: 23, second: 59 });
    expect(localParts(new Date('1970-01-01T00:00:00.000Z'), 'UTC')).toMatchObject({ year: 1970, hour: 0, second: 0 });
    expect(() => localParts(new Date(Number.NaN), 'UTC')).toThrow(RangeError);
    fc.assert(
      fc.property(fc.array(fc.tuple(arbInstant2026, fc.integer({ min: 0, max: 1999 }), fc.constantFrom('UTC', NY, 'Europe/London', 'Asia/Kolkata')), { minLength: 1, maxLength: 20 }), (readings) => {
        for (const [instant, shiftMs, zone] of readings) {
          const at = new Date(instant.getTime() + shiftMs);
          const fresh = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(at);
          const p = localParts(at, zone);
          expect([p.hour, p.minute, p.second].map((n) => String(n).padStart(2, '0')).join(':')).toBe(fresh);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('parses and refuses times and windows clearly', () => {
    expect(parseTimeOfDay('9:05')._unsafeUnwrap()).toBe(545);
    for (const bad of ['24:00', '12:60', 'noon', '']) expect(parseTimeOfDay(bad).isErr()).toBe(true);
    for (const bad of ['15:00', '15:00-15:00', '15-17', '15:00-17:00-18:00']) expect(parseSendWindow(bad).isErr()).toBe(true);
    expect([isValidTimeZone('America/New_York'), isValidTimeZone('UTC'), isValidTimeZone('Mars/Olympus'), isValidTimeZone('')]).toEqual([true, true, false, false]);
  });
});
