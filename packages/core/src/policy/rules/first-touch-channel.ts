import { ChannelRegistry } from '../../channels/channel-registry.js';
import { deny, type PolicyRule } from './rule.js';

/** A first touch (step 0) goes only through a channel registered as first-touch eligible. */
export const firstTouchChannel: PolicyRule = ({ card, channels = ChannelRegistry.builtIn() }) => {
  if (card.step !== 0) return null;
  const descriptor = channels.get(card.channel);
  return descriptor && !descriptor.capabilities.firstTouchEligible ? deny('not_first_touch_channel', `${card.channel} is registered for follow-ups only; a first touch must go through another channel.`) : null;
};
