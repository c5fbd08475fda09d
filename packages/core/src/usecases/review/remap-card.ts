import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { campaignIsSendable, checkCampaign } from '../../campaign/campaign-mapping.js';
import type { Card } from '../../card/card.js';
import { contentDigest } from '../../card/content-digest.js';
import { transitionCard, type IllegalTransition } from '../../card/lifecycle.js';
import type { CardId } from '../../ids.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { Cards } from '../../ports/cards.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import { validationError, type ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { notFound, type NotFound } from '../support/use-case-errors.js';

export interface RemapCardCommand {
  readonly cardId: CardId;
  /** The provider campaign the card goes to now. */
  readonly campaignId: string;
  readonly trace: TraceEnvelope;
}

export type RemapCardError = StoreError | VersionConflict | ValidationError | IllegalTransition | NotFound;

/**
 * Gives a separated card a campaign the provider knows (the campaign listing of a live
 * run, the sandbox mapping otherwise) and returns it to `pending`, for review again: its
 * content digest changes with the campaign, so no earlier snapshot can send it. A campaign
 * the provider does not list is refused and changes nothing. Audited (`card.remapped`).
 *
 * @category use-cases
 */
export const remapCard = (deps: UseCaseDeps<Cards & AuditLog, 'ids' | 'campaigns'>, command: RemapCardCommand): ResultAsync<Card, RemapCardError> =>
  deps.store
    .getCard(command.cardId)
    .andThen((card): ResultAsync<Card, RemapCardError> => (card ? okAsync(card) : errAsync(notFound('card', command.cardId))))
    .andThen((card) => {
      const check = checkCampaign(card.channel, command.campaignId, deps.campaigns());
      if (!campaignIsSendable(check)) return errAsync(validationError('campaignId', `${command.campaignId} is not a campaign ${card.channel} lists`));
      return transitionCard(card, 'pending', command.trace.at)
        .map((pending): Card => {
          const remapped = { ...pending, campaignId: command.campaignId };
          return { ...remapped, contentDigest: contentDigest(remapped) };
        })
        .asyncAndThen((next) => deps.store.putCard(next, card.version))
        .andThen((saved) => audit(deps, command.trace, 'card.remapped', { cardId: saved.id, leadId: saved.leadId }, { from: card.campaignId ?? null, to: command.campaignId }).map(() => saved));
    });
