import type { Channel } from '../channel.js';

/** What the policy and the quality gate need to know of a channel. @category model */
export interface ChannelCapabilities {
  /** May open a conversation (a card at step 0); false for follow-up-only channels. */
  readonly firstTouchEligible: boolean;
  /** Cards need a provider campaign the provider knows (Instantly, HeyReach). */
  readonly needsCampaign: boolean;
  /** Sends e-mail: a subject is required. */
  readonly email: boolean;
  /**
   * Channels this one excludes: a person first touched on one of two channels that exclude
   * each other (either listing the other) is never sent to on the other. `'*'`: every
   * other channel.
   */
  readonly exclusiveWith: readonly Channel[] | '*';
}

/** One registered outbound channel. @category model */
export interface ChannelDescriptor {
  readonly id: Channel;
  readonly capabilities: ChannelCapabilities;
}

/** The three built-in channels: a person stays on the channel of their first touch. @category model */
export const BUILT_IN_CHANNEL_DESCRIPTORS: readonly ChannelDescriptor[] = [
  { id: 'ghl_email', capabilities: { firstTouchEligible: true, needsCampaign: false, email: true, exclusiveWith: ['instantly', 'heyreach'] } },
  { id: 'instantly', capabilities: { firstTouchEligible: true, needsCampaign: true, email: true, exclusiveWith: ['ghl_email', 'heyreach'] } },
  { id: 'heyreach', capabilities: { firstTouchEligible: true, needsCampaign: true, email: false, exclusiveWith: ['ghl_email', 'instantly'] } },
];
