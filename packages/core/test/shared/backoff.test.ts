import { jitteredBackoffMs } from '@caio/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('jitteredBackoffMs', () => {
  const policy = { baseMs: 200, capMs: 10_000 };

  it('stays between half and all of the doubling, capped step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const step = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
        const delay = jitteredBackoffMs(attempt, policy, random);
        expect(delay).toBeGreaterThanOrEqual(Math.round(step / 2));
        expect(delay).toBeLessThanOrEqual(step);
      }),
    );
  });

  it('spreads clients that fail together: different draws give different delays', () => {
    const delays = new Set([0, 0.25, 0.5, 0.75, 0.999].map((r) => jitteredBackoffMs(3, policy, r)));
    expect(delays.size).toBe(5);
    expect(jitteredBackoffMs(3, policy, 0)).toBe(400);
    expect(jitteredBackoffMs(3, policy, 0.5)).toBe(600);
  });
});
