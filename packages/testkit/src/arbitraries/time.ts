import fc from 'fast-check';

/**
 * Instants that matter for send windows: seconds around the window edges on ordinary
 * days and on both America/New_York daylight-saving transition days.
 *
 * @category testing
 */
export const NEW_YORK_DST_DAYS = ['2026-03-08', '2026-11-01'] as const;

const ORDINARY_DAYS = ['2026-03-02', '2026-06-15', '2026-12-01'] as const;

/** A wall-clock edge in New York expressed as UTC for both offsets (EST -5, EDT -4). */
export const arbInstantNearEdge = (edgesLocal: readonly string[] = ['08:00', '15:00', '17:00', '21:00']): fc.Arbitrary<Date> =>
  fc
    .tuple(
      fc.constantFrom(...NEW_YORK_DST_DAYS, ...ORDINARY_DAYS),
      fc.constantFrom(...edgesLocal),
      fc.constantFrom(4, 5),
      fc.integer({ min: -90, max: 90 }),
    )
    .map(([day, hm, offsetHours, deltaSeconds]) => {
      const [h, m] = hm.split(':').map(Number) as [number, number];
      const utc = Date.parse(`${day}T00:00:00.000Z`) + ((h + offsetHours) * 60 + m) * 60_000 + deltaSeconds * 1000;
      return new Date(utc);
    });

/** Any instant in 2026, for properties that must hold at every time of day. */
export const arbInstant2026: fc.Arbitrary<Date> = fc
  .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T23:59:59Z') })
  .map((ms) => new Date(ms));
