import type { Channel } from '../channel.js';
import { channelNeedsCampaign, type ChannelRegistry } from '../channels/channel-registry.js';

/**
 * The campaigns a provider is known to have, as last listed from its API. A card
 * whose campaign is missing or not in this mapping is `separated`.
 *
 * @category model
 */
export type CampaignMapping = Readonly<Partial<Record<Channel, ReadonlySet<string>>>>;

export type CampaignCheck =
  | { readonly _tag: 'Mapped' }
  | { readonly _tag: 'NotNeeded' }
  | { readonly _tag: 'Missing' }
  | { readonly _tag: 'Unknown'; readonly campaignId: string };

export const checkCampaign = (channel: Channel, campaignId: string | undefined, mapping: CampaignMapping, registry?: ChannelRegistry): CampaignCheck => {
  if (!channelNeedsCampaign(channel, registry)) return { _tag: 'NotNeeded' };
  if (!campaignId) return { _tag: 'Missing' };
  const known = mapping[channel];
  if (!known?.has(campaignId)) return { _tag: 'Unknown', campaignId };
  return { _tag: 'Mapped' };
};

export const campaignIsSendable = (check: CampaignCheck): boolean => check._tag === 'Mapped' || check._tag === 'NotNeeded';
