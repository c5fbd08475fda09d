import { slidingWindowWait, withArrivalMargin, type RateWindow } from '@caio/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const windowArb = fc.record({ limit: fc.integer({ min: 1, max: 8 }), windowMs: fc.integer({ min: 1, max: 500 }) });

describe('slidingWindowWait', () => {
  it('never lets a window hold more than its limit, and never makes a request wait needlessly', () => {
    fc.assert(
      fc.property(fc.array(windowArb, { minLength: 1, maxLength: 3 }), fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 200 }), (windows, gaps) => {
        // Requests arrive after random gaps; each one waits what it is told, then starts.
        const starts: number[] = [];
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          let wait = slidingWindowWait(starts, windows, now);
          let asked = 0;
          while (wait > 0) {
            now += wait;
            wait = slidingWindowWait(starts, windows, now);
            // One wait is always enough: the answer is when the binding start leaves.
            expect(++asked).toBeLessThanOrEqual(windows.length);
          }
          // Started one millisecond earlier, it would have exceeded a window (unless it came right in).
          if (asked > 0) expect(slidingWindowWait(starts, windows, now - 1)).toBeGreaterThan(0);
          starts.push(now);
        }
        for (const w of windows) {
          for (const t of starts) expect(starts.filter((s) => s > t - w.windowMs && s <= t).length).toBeLessThanOrEqual(w.limit);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is 0 with no window and with room left', () => {
    expect(slidingWindowWait([0, 1, 2], [], 3)).toBe(0);
    expect(slidingWindowWait([0, 1], [{ limit: 3, windowMs: 100 }], 2)).toBe(0);
    // Full: the oldest start (0) leaves the 100 ms window at 100, so wait until 100.
    expect(slidingWindowWait([0, 1, 2], [{ limit: 3, windowMs: 100 }], 50)).toBe(50);
  });
});

describe('withArrivalMargin', () => {
  it('keeps each window 10% longer, at least 20 ms, with the same limit', () => {
    const windows: RateWindow[] = [
      { limit: 100, windowMs: 1_000 },
      { limit: 6_000, windowMs: 60_000 },
      { limit: 5, windowMs: 50 },
    ];
    expect(withArrivalMargin(windows)).toEqual([
      { limit: 100, windowMs: 1_100 },
      { limit: 6_000, windowMs: 66_000 },
      { limit: 5, windowMs: 70 },
    ]);
  });
});
