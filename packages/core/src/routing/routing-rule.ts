import { err, ok, type Result } from 'neverthrow';
import { campaignIsSendable, checkCampaign, type CampaignMapping } from '../campaign/campaign-mapping.js';
import { CHANNELS, isBuiltInChannel, type Channel } from '../channel.js';
import { channelNeedsCampaign } from '../channels/channel-registry.js';
import { TIERS, type Lead, type Tier } from '../lead/lead.js';
import { validationError, type ValidationError } from '../shared/validation-error.js';

/**
 * Which channel and campaign a lead's card goes to, by the lead's source label and tier.
 * `*` matches any. The most specific rule wins: label and tier, then label, then tier,
 * then the catch-all.
 *
 * @category model
 */
export interface RoutingRule {
  readonly sourceLabel: string;
  readonly tier: Tier | '*';
  readonly channel: Channel;
  readonly campaignId?: string;
}

const specificity = (r: RoutingRule): number => (r.sourceLabel !== '*' ? 2 : 0) + (r.tier !== '*' ? 1 : 0);

/** The rule for a lead, or undefined when none matches. */
export const routeFor = (rules: readonly RoutingRule[], lead: Pick<Lead, 'sourceLabel' | 'tier'>): RoutingRule | undefined =>
  rules
    .filter((r) => (r.sourceLabel === '*' || r.sourceLabel === lead.sourceLabel) && (r.tier === '*' || r.tier === lead.tier))
    .sort((a, b) => specificity(b) - specificity(a))[0];

/**
 * Validates a rule set against the provider campaigns: known channel and tier, a campaign
 * for the channels that need one and one the provider lists, at most one rule per label
 * and tier. Every problem is named.
 */
export const validateRoutingRules = (rules: readonly RoutingRule[], mapping: CampaignMapping): Result<readonly RoutingRule[], ValidationError> => {
  const seen = new Set<string>();
  for (const [i, r] of rules.entries()) {
    const at = `rules[${i}]`;
    if (!r.sourceLabel?.trim() || r.sourceLabel.length > 128) return err(validationError(`${at}.sourceLabel`, 'is empty or too long (use * for any)'));
    if (r.tier !== '*' && !TIERS.includes(r.tier)) return err(validationError(`${at}.tier`, `is not ${TIERS.join(', ')} or *`));
    if (!isBuiltInChannel(r.channel)) return err(validationError(`${at}.channel`, `is not ${CHANNELS.join(', ')}`));
    if (!channelNeedsCampaign(r.channel) && r.campaignId) return err(validationError(`${at}.campaignId`, `${r.channel} sends without a campaign`));
    if (channelNeedsCampaign(r.channel) && !campaignIsSendable(checkCampaign(r.channel, r.campaignId, mapping))) {
      return err(validationError(`${at}.campaignId`, r.campaignId ? `${r.campaignId} is not a campaign ${r.channel} lists` : `${r.channel} needs a campaign`));
    }
    const key = `${r.sourceLabel}|${r.tier}`;
    if (seen.has(key)) return err(validationError(at, `a second rule for label ${r.sourceLabel} and tier ${r.tier}`));
    seen.add(key);
  }
  return ok(rules.map((r) => ({ sourceLabel: r.sourceLabel.trim(), tier: r.tier, channel: r.channel, ...(r.campaignId ? { campaignId: r.campaignId } : {}) })));
};
