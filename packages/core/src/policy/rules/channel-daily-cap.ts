import { channelCapOf } from '../daily-cap.js';
import { deny, type PolicyRule } from './rule.js';

/**
 * No more sends today on the card's channel than its own cap (SEND_CHANNEL_CAPS), on top
 * of the ramped cap. A channel without a cap of its own is limited by the ramped cap only.
 */
export const channelDailyCap: PolicyRule = ({ config, card, sentTodayOnChannel }) => {
  const cap = channelCapOf(config, card.channel);
  if (cap === undefined || sentTodayOnChannel < cap) return null;
  return deny('channel_daily_cap_reached', cap === 0 ? `${card.channel} is closed today (its cap is 0).` : `${sentTodayOnChannel} of ${cap} ${card.channel} sends are used today.`);
};
