import type { Channel, ChannelCounts } from '../channel.js';
import { effectiveDailyCap } from './daily-cap.js';
import type { SendPolicyConfig } from './send-policy-config.js';

/** A channel's own cap today and why (SEND_CHANNEL_CAPS). @category model */
export interface ChannelCapToday {
  readonly channel: Channel;
  readonly cap: number;
  readonly reason: string;
}

/** Today's cap and why, as the queue trace and the status API show it. @category model */
export interface CapToday {
  readonly cap: number;
  readonly cleanDaysInRow: number;
  readonly reason: string;
  /** The channels with a cap of their own, in name order; each applies on top of `cap`. */
  readonly channels: readonly ChannelCapToday[];
}

const channelCaps = (config: SendPolicyConfig): readonly ChannelCapToday[] =>
  Object.entries(config.channelCaps ?? {})
    .flatMap(([channel, cap]): [string, number][] => (cap === undefined ? [] : [[channel, cap]]))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([channel, cap]) => ({ channel, cap, reason: cap === 0 ? `SEND_CHANNEL_CAPS ${channel}=0: closed` : `SEND_CHANNEL_CAPS ${channel}=${cap}, within the day's cap` }));

/**
 * Explains `effectiveDailyCap`: which ramp step applies after how many clean days. The
 * ramp's step is the run of clean days in a row; a day that is not clean ends the run,
 * so the next day's cap is back at the ramp's first step. Channel caps do not ramp.
 *
 * @category model
 */
export const capToday = (config: SendPolicyConfig, cleanDaysInRow: number): CapToday => {
  const cap = effectiveDailyCap(config, cleanDaysInRow);
  const channels = channelCaps(config);
  if (config.rampSchedule.length === 0) return { cap, cleanDaysInRow, reason: `DAILY_SEND_CAP ${config.dailyCap} (no SEND_RAMP)`, channels };
  const ramp = [config.dailyCap, ...config.rampSchedule.map((s) => s.dailyCap)].join(',');
  const step = config.rampSchedule.filter((s) => cleanDaysInRow >= s.afterCleanDays).length;
  return { cap, cleanDaysInRow, reason: `SEND_RAMP ${ramp}: step ${step + 1} after ${cleanDaysInRow} clean day(s) in a row`, channels };
};

/**
 * How many more sends today allows per capped channel, given the day's counts: the room
 * under the channel's own cap, never more than the room under the day's cap.
 *
 * @category model
 */
export const channelRoom = (cap: CapToday, sentToday: number, sentByChannel: ChannelCounts): ChannelCounts => {
  const dayRoom = Math.max(0, cap.cap - sentToday);
  return Object.fromEntries(cap.channels.map((c) => [c.channel, Math.min(dayRoom, Math.max(0, c.cap - (sentByChannel[c.channel] ?? 0)))]));
};

/** A channel's own cap with today's sends on it, as the trace, the status API and `/sales` show it. @category model */
export interface ChannelCapUse {
  readonly channel: Channel;
  readonly cap: number;
  readonly used: number;
  readonly reason: string;
}

/** Each capped channel's cap, sends today and why. @category model */
export const channelCapUse = (cap: CapToday, sentByChannel: ChannelCounts): readonly ChannelCapUse[] =>
  cap.channels.map((c) => ({ channel: c.channel, cap: c.cap, used: sentByChannel[c.channel] ?? 0, reason: c.reason }));
