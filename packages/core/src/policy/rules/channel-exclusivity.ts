import { deny, type PolicyRule } from './rule.js';

/** A lead stays on its first channel: first touched via GHL, never Instantly or HeyReach. */
export const channelExclusivity: PolicyRule = ({ card, firstTouches }) => {
  const other = firstTouches.find((t) => t.channel !== card.channel);
  return other ? deny('channel_exclusivity', `This person was first touched via ${other.channel}; it cannot be sent via ${card.channel}.`) : null;
};
