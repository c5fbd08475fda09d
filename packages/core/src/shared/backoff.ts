/** Exponential backoff for retries of one failed operation. @category model */
export interface BackoffPolicy {
  /** Delay ceiling of the first retry, in milliseconds. */
  readonly baseMs: number;
  /** No delay exceeds this. */
  readonly capMs: number;
}

/**
 * The delay before retry number `attempt` (1 = the first retry): "equal jitter", half
 * of the exponential step fixed and half drawn from `random` (a number in [0, 1)), so
 * clients that failed together (a provider's 503, a Redis restart) do not retry in step,
 * and no retry comes sooner than half the step. The caller draws `random` (core has no
 * randomness of its own: it stays pure and testable).
 *
 * @category model
 */
export const jitteredBackoffMs = (attempt: number, policy: BackoffPolicy, random: number): number => {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  const unit = Math.min(Math.max(random, 0), 1);
  return Math.round(step / 2 + (step / 2) * unit);
};
