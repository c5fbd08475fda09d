import { describe, expect, it } from 'vitest';
import { DEFAULT_BREAKER_THRESHOLDS, evaluateBreakers, type BreakerFacts } from '../../src/index.js';

const now = new Date('2026-03-02T20:00:00.000Z');
const quiet: BreakerFacts = { now, stopEngaged: false, unknownClaimedAt: [], sendsInWindow: 100, bouncesInWindow: 0, complaintsInWindow: 0, webhookAuthFailures: 0, replayPassRate: 1 };
const names = (facts: Partial<BreakerFacts>) => evaluateBreakers({ ...quiet, ...facts }, DEFAULT_BREAKER_THRESHOLDS).map((t) => t.breaker);

describe('the fallback breakers', () => {
  it('trip on nothing when every fact is within its threshold', () => {
    expect(names({})).toEqual([]);
  });

  it('trip on an unknown send older than the threshold, not on a recent one', () => {
    expect(names({ unknownClaimedAt: [new Date(now.getTime() - 59 * 60_000).toISOString()] })).toEqual([]);
    expect(names({ unknownClaimedAt: [new Date(now.getTime() - 61 * 60_000).toISOString()] })).toEqual(['unknown_unresolved']);
  });

  it('trip on a bounce or complaint rate over the window, dividing small samples by the minimum', () => {
    expect(names({ bouncesInWindow: 5 })).toEqual([]);
    expect(names({ bouncesInWindow: 6 })).toEqual(['bounce_rate']);
    // One bounce on one send is 1/20, not 100%.
    expect(names({ sendsInWindow: 1, bouncesInWindow: 1 })).toEqual([]);
    expect(names({ sendsInWindow: 1, bouncesInWindow: 2 })).toEqual(['bounce_rate']);
    expect(names({ complaintsInWindow: 1 })).toEqual(['complaint_rate']);
  });

  it('trip on a webhook authentication failure spike, the stop, and a missing or failing replay gate', () => {
    expect(names({ webhookAuthFailures: 20 })).toEqual([]);
    expect(names({ webhookAuthFailures: 21 })).toEqual(['webhook_auth_failures']);
    expect(names({ stopEngaged: true })).toEqual(['emergency_stop']);
    expect(names({ replayPassRate: null })).toEqual(['replay_gate']);
    expect(names({ replayPassRate: 0.9 })).toEqual(['replay_gate']);
  });
});
