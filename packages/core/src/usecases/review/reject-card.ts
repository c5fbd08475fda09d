import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { Cards } from '../../ports/cards.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { Card } from '../../card/card.js';
import { transitionCard, type IllegalTransition } from '../../card/lifecycle.js';
import type { CardId } from '../../ids.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import { parseRejection } from '../../rejection/rejection.js';
import type { ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { notFound, type NotFound } from '../support/use-case-errors.js';

export interface RejectCardCommand {
  readonly cardId: CardId;
  readonly tag: string;
  readonly reason: string;
  readonly trace: TraceEnvelope;
}

export type RejectCardError = StoreError | VersionConflict | ValidationError | IllegalTransition | NotFound;

/** The roles of the store a rejection touches. */
export type RejectCardStore = Cards & AuditLog;

/**
 * A reviewer rejects a pending (or separated) card with a tag from the taxonomy and a
 * written reason. Bad input changes nothing.
 *
 * @category model
 */
export const rejectCard = (deps: UseCaseDeps<RejectCardStore>, command: RejectCardCommand): ResultAsync<Card, RejectCardError> => {
  const { trace } = command;
  return parseRejection(deps.taxonomy, { tag: command.tag, reason: command.reason, by: trace.actor, at: trace.at })
    .asyncAndThen((rejection) =>
      deps.store
        .getCard(command.cardId)
        .andThen((card) => (card ? okAsync(card) : errAsync(notFound('card', command.cardId))))
        .andThen((card) =>
          transitionCard(card, 'rejected', trace.at, { rejection })
            .asyncAndThen((next) => deps.store.putCard(next, card.version))
            .andThen((rejected) =>
              audit(deps, trace, 'card.rejected', { cardId: card.id, leadId: card.leadId }, { tag: rejection.tag, reason: rejection.reason }).map(
                () => rejected,
              ),
            ),
        ),
    );
};
