/**
 * The automatic fallback from autonomous to supervised: each breaker is a pure test of
 * stored facts against a threshold. Any trip sends the mode back to supervised.
 *
 * @category model
 */
export const BREAKERS = ['emergency_stop', 'unknown_unresolved', 'bounce_rate', 'complaint_rate', 'webhook_auth_failures', 'replay_gate'] as const;
export type BreakerName = (typeof BREAKERS)[number];

/** Thresholds (configuration, with the safe defaults below). @category model */
export interface BreakerThresholds {
  /** An `unknown` send unresolved for longer than this trips (AUTONOMY_UNKNOWN_MAX_MINUTES). */
  readonly unknownMaxMinutes: number;
  /** The rolling window of the rate breakers (AUTONOMY_RATE_WINDOW_HOURS). */
  readonly rateWindowHours: number;
  /** Bounces / sends in the window above this trips (AUTONOMY_BOUNCE_RATE_MAX). */
  readonly bounceRateMax: number;
  /** Complaints / sends in the window above this trips (AUTONOMY_COMPLAINT_RATE_MAX). */
  readonly complaintRateMax: number;
  /**
   * Rates are divided by at least this many sends (AUTONOMY_RATE_MIN_SENDS), so a small
   * sample needs proportionally more bounces to trip, and one bounce on one send does not.
   */
  readonly rateMinSends: number;
  /** Webhook authentication failures in the last 15 minutes above this trips (AUTONOMY_WEBHOOK_AUTH_FAILURES_MAX). */
  readonly webhookAuthFailuresMax: number;
  /** The replay gate's pass rate below this (or none recorded) trips. */
  readonly replayGate: number;
}

export const DEFAULT_BREAKER_THRESHOLDS: BreakerThresholds = {
  unknownMaxMinutes: 60,
  rateWindowHours: 24,
  bounceRateMax: 0.05,
  complaintRateMax: 0.003,
  rateMinSends: 20,
  webhookAuthFailuresMax: 20,
  replayGate: 0.95,
};

/** What the breakers look at, read from the store (and the webhook counters) just before. @category model */
export interface BreakerFacts {
  readonly now: Date;
  readonly stopEngaged: boolean;
  /** Claim times of the sends still `unknown`. */
  readonly unknownClaimedAt: readonly string[];
  readonly sendsInWindow: number;
  readonly bouncesInWindow: number;
  readonly complaintsInWindow: number;
  readonly webhookAuthFailures: number;
  readonly replayPassRate: number | null;
}

export interface BreakerTrip {
  readonly breaker: BreakerName;
  readonly detail: string;
}

const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

/** Every breaker that trips on these facts (empty: autonomy may go on). @category model */
export const evaluateBreakers = (facts: BreakerFacts, t: BreakerThresholds): readonly BreakerTrip[] => {
  const trips: BreakerTrip[] = [];
  if (facts.stopEngaged) trips.push({ breaker: 'emergency_stop', detail: 'the emergency stop is engaged' });
  const oldest = facts.unknownClaimedAt.reduce<number | null>((min, at) => (min === null || Date.parse(at) < min ? Date.parse(at) : min), null);
  if (oldest !== null) {
    const minutes = (facts.now.getTime() - oldest) / 60_000;
    if (minutes > t.unknownMaxMinutes) trips.push({ breaker: 'unknown_unresolved', detail: `an unknown send is unresolved for ${Math.floor(minutes)} min (limit ${t.unknownMaxMinutes})` });
  }
  const denominator = Math.max(facts.sendsInWindow, t.rateMinSends, 1);
  const bounceRate = facts.bouncesInWindow / denominator;
  if (bounceRate > t.bounceRateMax) {
    trips.push({ breaker: 'bounce_rate', detail: `${facts.bouncesInWindow} bounce(s) on ${facts.sendsInWindow} send(s) in ${t.rateWindowHours} h: ${pct(bounceRate)} > ${pct(t.bounceRateMax)}` });
  }
  const complaintRate = facts.complaintsInWindow / denominator;
  if (complaintRate > t.complaintRateMax) {
    trips.push({ breaker: 'complaint_rate', detail: `${facts.complaintsInWindow} complaint(s) on ${facts.sendsInWindow} send(s) in ${t.rateWindowHours} h: ${pct(complaintRate)} > ${pct(t.complaintRateMax)}` });
  }
  if (facts.webhookAuthFailures > t.webhookAuthFailuresMax) {
    trips.push({ breaker: 'webhook_auth_failures', detail: `${facts.webhookAuthFailures} webhook authentication failures in 15 min (limit ${t.webhookAuthFailuresMax})` });
  }
  if (facts.replayPassRate === null || facts.replayPassRate < t.replayGate) {
    trips.push({ breaker: 'replay_gate', detail: facts.replayPassRate === null ? 'no replay gate result is recorded' : `replay pass rate ${facts.replayPassRate.toFixed(2)} < ${t.replayGate}` });
  }
  return trips;
};
