import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { LedgerEntry } from '../../ledger/send-ledger.js';
import type { StoreError } from '../../ports/store-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { listAllLedger } from '../reports/list-all-ledger.js';

export interface RecoverStaleSendingCommand {
  /** A `sending` claim older than this belongs to a dispatcher that died. */
  readonly olderThanMs: number;
  readonly trace: TraceEnvelope;
}

/** The roles of the store the recovery of stale sends touches. */
export type RecoverStaleSendingStore = SendLedger & AuditLog;

/**
 * Turns every stale `sending` claim into `unknown`: the process that wrote it may have
 * called the provider before dying, so the only honest answer is "maybe sent", for an
 * operator or a provider webhook to resolve. Never a retry.
 *
 * @category model
 */
export const recoverStaleSending = (deps: UseCaseDeps<RecoverStaleSendingStore>, command: RecoverStaleSendingCommand): ResultAsync<readonly LedgerEntry[], StoreError> => {
  const cutoff = new Date(deps.clock.now().getTime() - command.olderThanMs).toISOString();
  return listAllLedger(deps.store, { state: 'sending' }).map((entries) => entries.filter((e) => e.claimedAt <= cutoff)).andThen((stale) =>
    ResultAsync.combine(
      stale.map((entry) =>
        deps.store
          .recordOutcome({
            cardId: entry.cardId,
            step: entry.step,
            attemptId: entry.attemptId,
            outcome: { state: 'unknown', reason: `recovered: the dispatcher stopped while sending (claimed ${entry.claimedAt})` },
            trace: command.trace,
          })
          // Refused means someone finalised it meanwhile: nothing left to recover.
          .orElse((e) => (e._tag === 'OutcomeRefused' ? okAsync(entry) : errAsync(e)))
          .andThen((recovered) =>
            audit(deps, command.trace, 'send.recovered_unknown', { cardId: entry.cardId }, { attemptId: entry.attemptId, step: entry.step }).map(
              () => recovered,
            ),
          ),
      ),
    ),
  );
};
