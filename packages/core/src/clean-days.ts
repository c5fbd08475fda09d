/**
 * One supervised day's record. Clean: live sends happened, no gate failure, and no
 * send of that day is still `unknown` or `failed`. Autonomy needs N clean days in a row.
 *
 * @category model
 */
export interface DayRecord {
  readonly day: string;
  readonly liveSends: number;
  readonly gateFailures: number;
  readonly unresolvedSends: number;
  readonly clean: boolean;
  readonly computedAt: string;
}
