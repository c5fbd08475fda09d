/**
 * The last replay gate run (`caio replay`): the share of recorded send decisions the
 * policy still decides the same. Kept in the controls record, so every instance sharing
 * the store reads the same result (a file beside one instance would leave the others'
 * autonomy breaker seeing no result and falling back to supervised).
 *
 * @category model
 */
export interface ReplayGateResult {
  readonly passRate: number;
  readonly cases: number;
  readonly at: string;
  /**
   * The code version it was measured with: the app's package version and a digest of the
   * core's code (see the app's `runningVersion`). A result counts only for that version,
   * since other code may decide differently.
   */
  readonly version: string;
}

/** The pass rate recorded for the running version; null when none is, or it was another version's. */
export const replayPassRateFor = (recorded: ReplayGateResult | undefined, runningVersion: string): number | null =>
  recorded !== undefined && recorded.version === runningVersion ? recorded.passRate : null;
