import type { Result } from 'neverthrow';
import type { Channel } from '../channel.js';
import type { CampaignMapping } from './campaign-mapping.js';

/**
 * The campaign mapping after one round of provider listings (`listCampaigns()` of each
 * channel): a channel listed successfully gets exactly the ids listed, so a deleted
 * campaign stops being sendable; a channel whose listing failed keeps what it had, or
 * stays unknown if it was never listed (its cards are then denied, not separated).
 *
 * @category model
 */
export const campaignMappingFromListings = <E>(previous: CampaignMapping, listings: Readonly<Partial<Record<Channel, Result<readonly string[], E>>>>): CampaignMapping => {
  const next: Partial<Record<Channel, ReadonlySet<string>>> = { ...previous };
  for (const [channel, listing] of Object.entries(listings) as [Channel, Result<readonly string[], E>][]) {
    if (listing.isOk()) next[channel] = new Set(listing.value);
  }
  return next;
};
