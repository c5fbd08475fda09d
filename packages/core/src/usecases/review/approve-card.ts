import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { Leads } from '../../ports/leads.js';
import type { Cards } from '../../ports/cards.js';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { Suppressions } from '../../ports/suppressions.js';
import type { CadenceStops } from '../../ports/cadence-stops.js';
import type { ControlsStore } from '../../ports/controls-store.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { DayRecords } from '../../ports/day-records.js';
import type { Card } from '../../card/card.js';
import { transitionCard } from '../../card/lifecycle.js';
import type { CardId } from '../../ids.js';
import type { TraceEnvelope } from '../../trace.js';
import { dispatchCard, type DispatchError } from '../dispatch/dispatch-card.js';
import type { DispatchOutcome } from '../dispatch/dispatch-outcome.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { notFound } from '../support/use-case-errors.js';

export interface ApproveCardCommand {
  readonly cardId: CardId;
  readonly trace: TraceEnvelope;
}

/** The approved card and, for a supervised GHL first touch, what the immediate send did. */
export interface ApprovalResult {
  readonly card: Card;
  readonly send: DispatchOutcome | null;
}

const sendsOnApprove = (deps: UseCaseDeps<ApproveCardStore>, card: Card): boolean =>
  deps.sendGhlFirstTouchOnApprove && card.channel === 'ghl_email' && card.step === 0;

/** The roles of the store an approval touches (an approval may dispatch at once). */
export type ApproveCardStore = Leads & Cards & SendLedger & Suppressions & CadenceStops & ControlsStore & AuditLog & DayRecords;

/**
 * A reviewer approves a pending card. In supervised mode a GHL first touch is then sent
 * at once through the same policy and ledger as a batch (the tracker's "Email sent via
 * GHL"). Approving an already-approved card retries only that send attempt, which the
 * ledger makes safe: a card is never sent twice however often approve is pressed.
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
      return transitionCard(card, 'approved', trace.at, { approvedBy: trace.actor, approvedAt: trace.at })
        .asyncAndThen((next) => store.putCard(next, card.version))
        .andThen((approved) => audit(deps, trace, 'card.approved', { cardId: card.id, leadId: card.leadId }).map(() => approved));
    })
    .andThen((approved) =>
      store.getControls().andThen((controls) =>
        controls.mode === 'supervised' && sendsOnApprove(deps, approved)
          ? dispatchCard(deps, { cardId: approved.id, trace }).andThen((send) =>
              store.getCard(approved.id).map((latest) => ({ card: latest ?? approved, send })),
            )
          : okAsync({ card: approved, send: null }),
      ),
    );
};
