import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { CardId } from '../../ids.js';
import type { StoreError } from '../../ports/store-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { dispatchCard, type DispatchCardStore, type DispatchError } from '../dispatch/dispatch-card.js';
import type { DispatchOutcome } from '../dispatch/dispatch-outcome.js';
import { listAllCards } from '../reports/list-all-cards.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { sendsOnApprove } from './approve-card.js';

/** One approval whose undo window ended, and what sending it did. */
export interface DueApprovalSend {
  readonly cardId: CardId;
  readonly outcome: DispatchOutcome;
}

/**
 * Sends the approvals whose undo window has ended (supervised mode, as at approval):
 * approved cards that send on approval with `sendAfter` in the past, one at a time,
 * through the same policy and ledger as every send. With `cardId`, only that card (the
 * timer set at approval); without, every due card (the periodic sweep that catches up
 * timers lost with a process). A withdrawn approval is `pending` and is left alone; two
 * instances sweeping at once send nothing twice (the claim).
 *
 * @category model
 */
export const sendDueApprovals = (deps: UseCaseDeps<DispatchCardStore>, command: { readonly trace: TraceEnvelope; readonly cardId?: CardId }): ResultAsync<readonly DueApprovalSend[], StoreError | DispatchError> => {
  const now = deps.clock.now().getTime();
  return deps.store.getControls().andThen((controls) => {
    if (controls.mode !== 'supervised') return okAsync<readonly DueApprovalSend[], StoreError>([]);
    const candidates = command.cardId
      ? deps.store.getCard(command.cardId).map((card) => (card ? [card] : []))
      : listAllCards(deps.store, { status: 'approved' });
    return candidates.andThen((cards) => {
      const due = cards.filter((c) => c.status === 'approved' && c.sendAfter !== undefined && Date.parse(c.sendAfter) <= now && sendsOnApprove(deps, c));
      const sends: DueApprovalSend[] = [];
      // One after another: each send is one provider call; the daily cap is read fresh by each.
      return due
        .reduce<ResultAsync<void, StoreError | DispatchError>>(
          (chain, card) =>
            chain.andThen(() =>
              dispatchCard(deps, { cardId: card.id, trace: command.trace })
                // Another sweep (or a withdrawal) changed the card first: it is theirs, not an error.
                .orElse((e) => (e._tag === 'VersionConflict' || e._tag === 'IllegalTransition' ? okAsync<DispatchOutcome, DispatchError>({ _tag: 'ClaimRefused', reason: 'card_not_queued', detail: 'the card changed meanwhile' }) : errAsync(e)))
                .map((outcome) => void sends.push({ cardId: card.id, outcome })),
            ),
          okAsync(undefined),
        )
        .map(() => sends);
    });
  });
};
