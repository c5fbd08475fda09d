/**
 * One limit a provider publishes: at most `limit` requests in any `windowMs`
 * (Instantly publishes two, 100 per second and 6,000 per minute).
 *
 * @category model
 */
export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * The windows a gate enforces for the published ones. Providers count a request when it
 * arrives; a gate counts it when it starts. Network jitter moves a request across the
 * provider's window boundary, so each window is kept a little longer than published (10%,
 * at least 20 ms) and the client stays under the limit.
 *
 * @category model
 */
export const withArrivalMargin = (windows: readonly RateWindow[]): RateWindow[] =>
  windows.map((w) => ({ limit: w.limit, windowMs: w.windowMs + Math.max(20, Math.ceil(w.windowMs * 0.1)) }));

/**
 * How long a request must wait before it may start at `now` without exceeding any window,
 * given the start times already counted (ascending); 0 when it may start now. A sliding
 * window log: in each window the oldest starts must leave until fewer than `limit` remain.
 * The Redis gate's script computes exactly this on the server's clock.
 *
 * @category model
 */
export const slidingWindowWait = (starts: readonly number[], windows: readonly RateWindow[], now: number): number => {
  let wait = 0;
  for (const w of windows) {
    const inWindow = starts.filter((t) => t > now - w.windowMs);
    if (inWindow.length >= w.limit) wait = Math.max(wait, inWindow[inWindow.length - w.limit]! + w.windowMs - now);
  }
  return wait;
};
