import type { ChannelCounts } from '../channel.js';
import type { SendWindow, TimeOfDay } from '../time/zoned-time.js';

/** A cap that applies once N clean days in a row are on record. @category model */
export interface RampStep {
  readonly afterCleanDays: number;
  readonly dailyCap: number;
}

/** @category model */
export interface SendPolicyConfig {
  /** SEND_TIMEZONE: the zone of the send window and of the daily cap's day. */
  readonly timeZone: string;
  /** SUPERVISED_SEND_WINDOW. */
  readonly window: SendWindow;
  /** DAILY_SEND_CAP: the base cap (supervised default 5). */
  readonly dailyCap: number;
  /** Caps after clean days; the highest applicable step wins. */
  readonly rampSchedule: readonly RampStep[];
  /**
   * SEND_CHANNEL_CAPS: a channel's own daily cap, in addition to the ramped cap (a send
   * needs room under both); 0 closes the channel for the day. A channel not listed has
   * no cap of its own.
   */
  readonly channelCaps?: ChannelCounts;
  /** Lead-local allowed hours (e.g. 08:00-21:00), applied when the lead's zone is known. */
  readonly leadQuietHours?: SendWindow;
}

export const DEFAULT_SEND_POLICY_CONFIG: SendPolicyConfig = {
  timeZone: 'America/New_York',
  window: { start: (15 * 60) as TimeOfDay, end: (17 * 60) as TimeOfDay },
  dailyCap: 5,
  rampSchedule: [],
};
