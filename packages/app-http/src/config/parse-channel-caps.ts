import { ChannelRegistry, type Channel, type ChannelCounts } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';

const MAX_CAP = 1_000_000;

/**
 * `SEND_CHANNEL_CAPS`: a daily cap per channel, on top of the ramped cap (a send needs
 * room under both). `channel=cap` entries separated by commas, e.g.
 * `ghl_email=20,heyreach=10,instantly=40`; `0` closes the channel for the day. A channel
 * must be registered (`registry`, default the built-ins): a typo would otherwise leave
 * the channel it meant uncapped.
 *
 * @category model
 */
export const parseChannelCaps = (text: string | undefined, registry: ChannelRegistry = ChannelRegistry.builtIn()): Result<ChannelCounts, string> => {
  if (!text?.trim()) return ok({});
  const caps: Partial<Record<Channel, number>> = {};
  for (const entry of text.split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = /^([^=\s]+)\s*=\s*(\d{1,7})$/.exec(entry);
    if (!match) return err(`"${entry.slice(0, 60)}" is not channel=cap (e.g. ghl_email=20,heyreach=10)`);
    const [, channel, digits] = match as unknown as [string, string, string];
    if (!registry.get(channel)) return err(`"${channel.slice(0, 40)}" is not a registered channel (${registry.ids().join(', ')})`);
    if (Object.hasOwn(caps, channel)) return err(`${channel} is listed twice`);
    const cap = Number(digits);
    if (cap > MAX_CAP) return err(`${channel}=${cap}: a cap is a whole number from 0 to ${MAX_CAP}`);
    caps[channel] = cap;
  }
  return ok(caps);
};
