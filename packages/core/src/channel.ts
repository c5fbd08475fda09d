/**
 * The built-in outbound channels. `ghl_email`: GoHighLevel Conversations e-mail;
 * `instantly`: Instantly campaign enrolment; `heyreach`: HeyReach LinkedIn campaign
 * enrolment. The set is open: an adapter registers another channel with its
 * capabilities in a `ChannelRegistry` (core/src/channels/), without editing core.
 *
 * @category model
 */
export const CHANNELS = ['ghl_email', 'instantly', 'heyreach'] as const;
export type BuiltInChannel = (typeof CHANNELS)[number];
/** A channel id: a built-in one, or one an adapter registered (`[a-z][a-z0-9_]{1,31}`). */
export type Channel = BuiltInChannel | (string & {});

const CHANNEL_ID = /^[a-z][a-z0-9_]{1,31}$/;

/** A well-formed channel id (whether a channel of that id is registered is the registry's question). */
export const isChannel = (value: unknown): value is Channel => typeof value === 'string' && CHANNEL_ID.test(value);

export const isBuiltInChannel = (value: unknown): value is BuiltInChannel => CHANNELS.includes(value as BuiltInChannel);

/** A number per channel (sends today, caps); a channel that is absent has none. @category model */
export type ChannelCounts = Readonly<Partial<Record<Channel, number>>>;
