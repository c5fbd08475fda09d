import { evaluateSendPolicy } from '@caio/core';
import type { ReplayCase } from './replay-case.js';
import { replayOne, type DecidePolicy, type ReplayOutcome } from './run-replay.js';

export interface ReplayGateResult {
  readonly outcomes: readonly ReplayOutcome[];
  readonly failures: readonly ReplayOutcome[];
  readonly total: number;
  readonly passedCount: number;
  /** passed / total; 0 for an empty corpus (nothing proven). */
  readonly passRate: number;
  readonly minPassRate: number;
  readonly gatePassed: boolean;
}

/**
 * Replays every case and decides the gate: it passes when the pass rate is at least the
 * minimum. `decide` is the policy under test (core's unless a test injects a broken one);
 * `onProgress` is told after each case, so a long run can show where it is.
 *
 * @category model
 */
export const replayGate = (
  cases: readonly ReplayCase[],
  minPassRate: number,
  decide: DecidePolicy = evaluateSendPolicy,
  onProgress: (done: number, total: number) => void = () => undefined,
): ReplayGateResult => {
  const outcomes = cases.map((c, i) => {
    const outcome = replayOne(c, decide);
    onProgress(i + 1, cases.length);
    return outcome;
  });
  const failures = outcomes.filter((o) => !o.passed);
  const passedCount = outcomes.length - failures.length;
  const passRate = outcomes.length === 0 ? 0 : passedCount / outcomes.length;
  return { outcomes, failures, total: outcomes.length, passedCount, passRate, minPassRate, gatePassed: outcomes.length > 0 && passRate >= minPassRate };
};
