/**
 * The outbound channels. `ghl_email`: GoHighLevel Conversations e-mail; `instantly`:
 * Instantly campaign enrolment; `heyreach`: HeyReach LinkedIn campaign enrolment.
 *
 * @category model
 */
export const CHANNELS = ['ghl_email', 'instantly', 'heyreach'] as const;
export type Channel = (typeof CHANNELS)[number];

export const isChannel = (value: unknown): value is Channel => CHANNELS.includes(value as Channel);

/** Channels that need a provider campaign id on the card. */
export const channelNeedsCampaign = (channel: Channel): boolean => channel !== 'ghl_email';

/** Channels that send e-mail (a subject is required). */
export const channelIsEmail = (channel: Channel): boolean => channel !== 'heyreach';
