import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { Cards } from '../../ports/cards.js';
import type { AuditLog } from '../../ports/audit-log.js';
import { campaignIsSendable, checkCampaign, type CampaignMapping } from '../../campaign/campaign-mapping.js';
import { channelNeedsCampaign } from '../../channels/channel-registry.js';
import type { Card } from '../../card/card.js';
import { transitionCard } from '../../card/lifecycle.js';
import type { StoreError } from '../../ports/store-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';

/** The roles of the store separating unmapped cards touches. */
export type SeparateUnmappedStore = Cards & AuditLog;

/**
 * True when the card's campaign is missing or unknown to its provider. A channel whose
 * campaigns are not known yet (listing failed) is not "unmapped": its cards stay put, and
 * the send policy denies them until the mapping is known.
 *
 * @category model
 */
export const isUnmapped = (card: Card, mapping: CampaignMapping): boolean =>
  (mapping[card.channel] !== undefined || !channelNeedsCampaign(card.channel)) && !campaignIsSendable(checkCampaign(card.channel, card.campaignId, mapping));

/**
 * Moves each of `cards` whose campaign is missing or unknown to its provider into
 * `separated`, so no batch can take it; returns the separated cards. Only the cards given
 * are looked at (those a batch is about to take), so the cost follows them, not the
 * store. A card that lost a race (changed meanwhile) is left for the next run rather
 * than overwritten.
 *
 * @category model
 */
export const separateUnmapped = (deps: UseCaseDeps<SeparateUnmappedStore>, trace: TraceEnvelope, cards: readonly Card[]): ResultAsync<readonly Card[], StoreError> => {
  const mapping = deps.campaigns();
  return ResultAsync.combine(
    cards
      .filter((card) => isUnmapped(card, mapping))
      .map((card) => {
        const check = checkCampaign(card.channel, card.campaignId, mapping);
        const reason = check._tag === 'Unknown' ? `campaign ${check.campaignId} is unknown to ${card.channel}` : `no campaign mapped for ${card.channel}`;
        return transitionCard(card, 'separated', trace.at, { separatedReason: reason })
          .asyncAndThen((next) => deps.store.putCard(next, card.version))
          .andThen((separated) => audit(deps, trace, 'card.separated', { cardId: card.id, leadId: card.leadId }, { reason }).map(() => [separated]))
          // Changed meanwhile (or already moved on): the next run looks again.
          .orElse((e) => (e._tag === 'VersionConflict' || e._tag === 'IllegalTransition' ? okAsync<Card[], StoreError>([]) : errAsync<Card[], StoreError>(e)));
      }),
  ).map((lists) => lists.flat());
};
