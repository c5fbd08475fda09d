import type { ResultAsync } from 'neverthrow';
import { token } from '../shared/token.js';
import type { StoreError } from './store-error.js';

/**
 * What an operator decided about one quarantined webhook delivery: `discarded` (nothing
 * to do), or `reapplied` (parsed again after a fix and ingested through the inbox).
 *
 * @category model
 */
export interface QuarantineDecision {
  readonly id: string;
  readonly action: 'discarded' | 'reapplied';
  readonly by: string;
  readonly at: string;
  readonly note: string;
}

/** Someone decided about this delivery first. @category errors */
export interface AlreadyDecided {
  readonly _tag: 'AlreadyDecided';
  readonly id: string;
  readonly message: string;
  readonly decision: QuarantineDecision;
}

/**
 * Decisions about quarantined deliveries, kept beside the append-only quarantine (which
 * never changes): the first decision about a delivery wins, atomically, so two operators
 * cannot both re-apply it, and a decided delivery leaves the operator's list.
 *
 * @category ports
 */
export interface QuarantineDecisions {
  /** Records the decision unless one exists (`AlreadyDecided`, with it). */
  decide(decision: QuarantineDecision): ResultAsync<QuarantineDecision, StoreError | AlreadyDecided>;
  listDecisions(): ResultAsync<readonly QuarantineDecision[], StoreError>;
}
export const QuarantineDecisions = token<QuarantineDecisions>('QuarantineDecisions');

export const alreadyDecided = (decision: QuarantineDecision): AlreadyDecided => ({
  _tag: 'AlreadyDecided',
  id: decision.id,
  message: `delivery ${decision.id} was already ${decision.action} by ${decision.by} at ${decision.at}`,
  decision,
});
