import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { CardId } from '../../ids.js';
import type { LedgerEntry, OutcomeRefused } from '../../ledger/send-ledger.js';
import type { StoreError } from '../../ports/store-error.js';
import { validationError, type ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { notFound, type NotFound } from '../support/use-case-errors.js';

export interface ResolveUnknownSendCommand {
  readonly cardId: CardId;
  readonly step: number;
  /** The operator's finding: the provider has the message (true) or does not (false). */
  readonly delivered: boolean;
  readonly note: string;
  readonly trace: TraceEnvelope;
}

/** The roles of the store resolving an unknown send touches. */
export type ResolveUnknownSendStore = SendLedger & AuditLog;

/**
 * An operator resolves an `unknown` send after checking the provider: `sent`, or
 * `failed` (not delivered, which frees the lead for another first touch). Audited
 * with the operator's note; only `unknown` sends can be resolved this way.
 *
 * @category model
 */
export const resolveUnknownSend = (
  deps: UseCaseDeps<ResolveUnknownSendStore>,
  command: ResolveUnknownSendCommand,
): ResultAsync<LedgerEntry, StoreError | OutcomeRefused | ValidationError | NotFound> => {
  const note = command.note.trim();
  if (note.length < 3) return errAsync(validationError('note', 'say what was checked (at least 3 characters)'));
  const { trace } = command;
  return deps.store
    .getLedgerEntry(command.cardId, command.step)
    .andThen((entry) => (entry ? okAsync(entry) : errAsync(notFound('card', command.cardId))))
    .andThen((entry): ResultAsync<LedgerEntry, StoreError | OutcomeRefused> => {
      if (entry.state !== 'unknown') {
        return errAsync({ _tag: 'OutcomeRefused', reason: 'illegal_outcome', detail: `the send is ${entry.state}, not unknown` });
      }
      return deps.store.recordOutcome({
        cardId: entry.cardId,
        step: entry.step,
        attemptId: entry.attemptId,
        outcome: command.delivered
          ? { state: 'sent', receipt: { resolvedBy: trace.actor, note } }
          : { state: 'failed', reason: `operator: not delivered (${note})` },
        trace,
      });
    })
    .andThen((entry) =>
      audit(deps, trace, command.delivered ? 'send.resolved_sent' : 'send.resolved_not_sent', { cardId: entry.cardId }, { step: entry.step, note }).map(() => entry),
    );
};
