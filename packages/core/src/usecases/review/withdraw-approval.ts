import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { Card } from '../../card/card.js';
import { transitionCard, type IllegalTransition } from '../../card/lifecycle.js';
import type { CardId } from '../../ids.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { Cards } from '../../ports/cards.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { notFound, type NotFound } from '../support/use-case-errors.js';

export interface WithdrawApprovalCommand {
  readonly cardId: CardId;
  readonly trace: TraceEnvelope;
}

/**
 * Takes an approval back: an `approved` or `queued` card that no send claim has taken
 * returns to `pending` (its approver cleared), audited as `card.approval_withdrawn`. The
 * write is a compare-and-set on the version read, and the claim needs `queued` at the
 * version it read, so a withdrawal racing a send ends one way only: withdrawn and never
 * sent, or claimed and the withdrawal refused (`VersionConflict` or `IllegalTransition`
 * from `sending`). This is how the undo window works and how a held Tier 2 approval is
 * taken back to be rejected.
 *
 * @category model
 */
/** The roles of the store a withdrawal touches. */
export type WithdrawApprovalStore = Cards & AuditLog;

export const withdrawApproval = (deps: UseCaseDeps<WithdrawApprovalStore, 'store' | 'ids'>, command: WithdrawApprovalCommand): ResultAsync<Card, StoreError | VersionConflict | IllegalTransition | NotFound> =>
  deps.store
    .getCard(command.cardId)
    .andThen((card) => (card ? okAsync(card) : errAsync(notFound('card', command.cardId))))
    .andThen((card) => {
      if (card.status !== 'approved' && card.status !== 'queued') return errAsync<Card, IllegalTransition>({ _tag: 'IllegalTransition', cardId: card.id, from: card.status, to: 'pending' });
      return transitionCard(card, 'pending', command.trace.at)
        .asyncAndThen((next) => deps.store.putCard(next, card.version))
        .andThen((pending) =>
          audit(deps, command.trace, 'card.approval_withdrawn', { cardId: card.id, leadId: card.leadId }, { from: card.status, approvedBy: card.approvedBy ?? null, approvedAt: card.approvedAt ?? null }).map(() => pending),
        );
    });
