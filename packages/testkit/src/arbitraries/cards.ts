import { CHANNELS, type Channel } from '@caio/core';
import fc from 'fast-check';

/** What a generated card looks like before it is built against a lead. @category testing */
export interface CardSpec {
  readonly channel: Channel;
  readonly campaign: 'mapped' | 'unknown' | 'missing';
  readonly tier: 'tier_1' | 'tier_2' | 'tier_3';
  readonly qualityPassed: boolean;
}

export const arbCardSpec: fc.Arbitrary<CardSpec> = fc.record({
  channel: fc.constantFrom(...CHANNELS),
  campaign: fc.constantFrom('mapped', 'mapped', 'mapped', 'unknown', 'missing'),
  tier: fc.constantFrom('tier_1', 'tier_1', 'tier_2', 'tier_3'),
  // Mostly passing, so sends happen; failing often enough to exercise the gate.
  qualityPassed: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
});
