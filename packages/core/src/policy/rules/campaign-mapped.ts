import { campaignIsSendable } from '../../campaign/campaign-mapping.js';
import { deny, type PolicyRule } from './rule.js';

/** Cards for Instantly and HeyReach need a campaign the provider knows. */
export const campaignMapped: PolicyRule = ({ campaign, card }) => {
  if (campaignIsSendable(campaign)) return null;
  return deny('campaign_unmapped', campaign._tag === 'Unknown' ? `Campaign ${campaign.campaignId} is unknown to ${card.channel}.` : `No ${card.channel} campaign is mapped for this card.`);
};
