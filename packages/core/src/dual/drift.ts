/**
 * One disagreement between the two stores of a cutover, kept until an operator repairs it.
 * - `read_mismatch`: a shadow read returned something else than the primary.
 * - `partial_write`: the primary accepted a write that the secondary refused or failed.
 *
 * @category model
 */
export interface DriftRecord {
  readonly key: string;
  readonly kind: 'read_mismatch' | 'partial_write';
  readonly operation: string;
  readonly detectedAt: string;
  readonly detail: string;
}

/** The drift metrics readiness and `caio reconcile` report. @category model */
export interface DriftReport {
  readonly readMismatches: number;
  readonly partialWrites: number;
  readonly unrepaired: readonly DriftRecord[];
  readonly oldestUnrepairedAt: string | null;
}
