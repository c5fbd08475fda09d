import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { Card } from '../../card/card.js';
import { transitionCard } from '../../card/lifecycle.js';
import type { CardId } from '../../ids.js';
import type { TraceEnvelope } from '../../trace.js';
import { dispatchCard, type DispatchCardStore, type DispatchError } from '../dispatch/dispatch-card.js';
import type { DispatchOutcome } from '../dispatch/dispatch-outcome.js';
import { audit } from '../support/audit.js';
import type { CoreDeps, UseCaseDeps } from '../support/core-deps.js';
import { notFound } from '../support/use-case-errors.js';

export interface ApproveCardCommand {
  readonly cardId: CardId;
  readonly trace: TraceEnvelope;
  /**
   * APPROVAL_UNDO_SECONDS in ms: a send on approval waits this long (the card keeps
   * `sendAfter`), during which the approval can be withdrawn; `sendDueApprovals` sends it
   * after. 0 or absent: sent at once.
   */
  readonly undoMs?: number;
}

/** The approved card and, for a supervised GHL first touch, what the immediate send did. */
export interface ApprovalResult {
  readonly card: Card;
  readonly send: DispatchOutcome | null;
}

export const sendsOnApprove = (deps: Pick<CoreDeps, 'sendGhlFirstTouchOnApprove'>, card: Card): boolean =>
  deps.sendGhlFirstTouchOnApprove && card.channel === 'ghl_email' && card.step === 0;

/** The roles of the store an approval touches (an approval may dispatch at once). */
export type ApproveCardStore = DispatchCardStore;

/**
 * A reviewer approves a pending card. In supervised mode a GHL first touch is then sent
 * at once through the same policy and ledger as a batch (the tracker's "Email sent via
 * GHL"). Approving an already-approved card retries only that send attempt, which the
 * ledger makes safe: a card is never sent twice however often approve is pressed. With
 * an undo window the send waits (see `undoMs`); the answer then has `send: null` and the
 * card's `sendAfter`.
 *
 * @category model
 */
export const approveCard = (deps: UseCaseDeps<ApproveCardStore>, command: ApproveCardCommand): ResultAsync<ApprovalResult, DispatchError> => {
  const { store } = deps;
  const { trace } = command;
  return store
    .getCard(command.cardId)
    .andThen((card) => (card ? okAsync(card) : errAsync(notFound('card', command.cardId))))
    .andThen((card): ResultAsync<Card, DispatchError> => {
      if (card.status !== 'pending') {
        return card.status === 'approved' || card.status === 'queued' ? okAsync(card) : errAsync({ _tag: 'IllegalTransition', cardId: card.id, from: card.status, to: 'approved' });
      }
      const undoMs = command.undoMs ?? 0;
      const sendAfter = undoMs > 0 && sendsOnApprove(deps, card) ? new Date(Date.parse(trace.at) + undoMs).toISOString() : undefined;
      return transitionCard(card, 'approved', trace.at, { approvedBy: trace.actor, approvedAt: trace.at, ...(sendAfter ? { sendAfter } : {}) })
        .asyncAndThen((next) => store.putCard(next, card.version))
        .andThen((approved) => audit(deps, trace, 'card.approved', { cardId: card.id, leadId: card.leadId }, sendAfter ? { sendAfter } : {}).map(() => approved));
    })
    .andThen((approved) =>
      store.getControls().andThen((controls) =>
        controls.mode === 'supervised' && sendsOnApprove(deps, approved) && approved.sendAfter === undefined
          ? dispatchCard(deps, { cardId: approved.id, trace }).andThen((send) =>
              store.getCard(approved.id).map((latest) => ({ card: latest ?? approved, send })),
            )
          : okAsync({ card: approved, send: null }),
      ),
    );
};
