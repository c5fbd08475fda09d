import { ChannelRegistry } from '../../channels/channel-registry.js';
import { deny, type PolicyRule } from './rule.js';

/**
 * A person first touched on a channel is never sent to on a channel it excludes (the
 * registry's `exclusiveWith`): the built-ins all exclude each other, so a lead first
 * touched via GHL never gets Instantly or HeyReach.
 */
export const channelExclusivity: PolicyRule = ({ card, firstTouches, channels = ChannelRegistry.builtIn() }) => {
  const other = firstTouches.find((t) => channels.excludes(t.channel, card.channel));
  return other ? deny('channel_exclusivity', `This person was first touched via ${other.channel}; it cannot be sent via ${card.channel}.`) : null;
};
