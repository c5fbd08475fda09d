import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { Card } from '../../card/card.js';
import { transitionCard } from '../../card/lifecycle.js';
import type { CardId } from '../../ids.js';
import type { StoreError } from '../../ports/store-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { listAllCards } from '../reports/list-all-cards.js';
import { audit } from '../support/audit.js';
import type { CoreDeps } from '../support/core-deps.js';

/** A pending card older than this is stale: its lead and context have moved on. */
export const isPastTtl = (card: Card, ttlHours: number, now: Date): boolean => now.getTime() - Date.parse(card.createdAt) > ttlHours * 3_600_000;

/**
 * Pending cards older than `ttlHours` (PENDING_TTL_HOURS) become `expired`, each audited
 * (`card.expired`): time never approves a card, it only retires it. A card changed
 * meanwhile (approved, edited, rejected by someone) is left alone; the next run looks again.
 * An expired card is terminal; the lead can be crafted a new card.
 *
 * @category model
 */
export const expirePending = (deps: CoreDeps, command: { readonly ttlHours: number; readonly trace: TraceEnvelope }): ResultAsync<readonly CardId[], StoreError> => {
  const now = deps.clock.now();
  return listAllCards(deps.store, { status: 'pending' }).andThen((pending) =>
    ResultAsync.combine(
      pending
        .filter((card) => isPastTtl(card, command.ttlHours, now))
        .map((card) =>
          ResultAsync.fromSafePromise(
            transitionCard(card, 'expired', command.trace.at)
              .asyncAndThen((next) => deps.store.putCard(next, card.version))
              .andThen(() => audit(deps, command.trace, 'card.expired', { cardId: card.id, leadId: card.leadId }, { ttlHours: command.ttlHours, createdAt: card.createdAt }))
              .map(() => card.id),
          ),
        ),
    ).andThen((results) => {
      const storeFailure = results.find((r) => r.isErr() && r.error._tag !== 'VersionConflict' && r.error._tag !== 'IllegalTransition');
      if (storeFailure?.isErr()) return errAsync<readonly CardId[], StoreError>(storeFailure.error as StoreError);
      return okAsync<readonly CardId[], StoreError>(results.flatMap((r) => (r.isOk() ? [r.value] : [])));
    }),
  );
};
