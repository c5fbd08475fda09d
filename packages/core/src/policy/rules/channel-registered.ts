import { ChannelRegistry } from '../../channels/channel-registry.js';
import { deny, type PolicyRule } from './rule.js';

/** A card's channel must be registered: its capabilities are what the other rules check. */
export const channelRegistered: PolicyRule = ({ card, channels = ChannelRegistry.builtIn() }) =>
  channels.get(card.channel) ? null : deny('channel_unregistered', `No channel ${card.channel} is registered; register it (with its capabilities) before sending on it.`);
