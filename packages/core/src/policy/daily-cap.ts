import type { Channel } from '../channel.js';
import type { SendPolicyConfig } from './send-policy-config.js';

/** Today's cap: the base cap, raised by the highest ramp step the clean-day run reached. @category model */
export const effectiveDailyCap = (config: SendPolicyConfig, cleanDaysInRow: number): number =>
  config.rampSchedule.filter((s) => cleanDaysInRow >= s.afterCleanDays).reduce((cap, s) => Math.max(cap, s.dailyCap), config.dailyCap);

/** The channel's own cap (SEND_CHANNEL_CAPS), or undefined when it has none. @category model */
export const channelCapOf = (config: SendPolicyConfig, channel: Channel): number | undefined =>
  config.channelCaps !== undefined && Object.hasOwn(config.channelCaps, channel) ? config.channelCaps[channel] : undefined;
