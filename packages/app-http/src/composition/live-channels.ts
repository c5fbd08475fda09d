import { ghlClient, GhlContactResolver, GhlEmailChannel, GhlMessageVerifier } from '@caio/adapters-ghl';
import { HeyReachChannel, heyReachClient } from '@caio/adapters-heyreach';
import { InstantlyChannel, instantlyClient } from '@caio/adapters-instantly';
import type { CampaignMapping, Logger, OutboundChannels } from '@caio/core';
import type { AppConfig } from '../config/app-config.js';
import type { ChannelSetup, MessageVerifier } from './build-channels.js';

const REFRESH_MS = 5 * 60_000;

/**
 * SEND_MODE=live: the provider channels for every enabled channel, and the campaign
 * mapping kept fresh from the providers' own listings (at start, then every 5 minutes).
 * A channel whose listing never succeeded has no mapping: its cards are not separated,
 * but the send policy denies them (`campaign_unmapped`) until it is known.
 *
 * @category adapters
 */
export const liveChannels = async (config: AppConfig, logger: Logger): Promise<ChannelSetup & { close(): Promise<void> }> => {
  const channels: { -readonly [K in keyof OutboundChannels]: OutboundChannels[K] } = {};
  const listings: Partial<Record<'instantly' | 'heyreach', () => ReturnType<InstantlyChannel['listCampaigns']>>> = {};
  const clients: { close(): Promise<void> }[] = [];
  const verifiers: Partial<Record<'ghl_email', MessageVerifier>> = {};
  const { ghl, instantly, heyreach } = config.providers;
  if (config.channels.includes('ghl_email') && ghl.apiToken && ghl.locationId) {
    const client = ghlClient({ apiToken: ghl.apiToken, locationId: ghl.locationId, baseUrl: ghl.baseUrl });
    clients.push(client);
    channels.ghl_email = new GhlEmailChannel(client, new GhlContactResolver(client, ghl.locationId));
    const verifier = new GhlMessageVerifier(client);
    verifiers.ghl_email = (messageId) => verifier.exists(messageId);
  }
  if (config.channels.includes('instantly') && instantly.apiKey) {
    const client = instantlyClient({ apiKey: instantly.apiKey, baseUrl: instantly.baseUrl });
    clients.push(client);
    const channel = new InstantlyChannel(client);
    channels.instantly = channel;
    listings.instantly = () => channel.listCampaigns();
  }
  if (config.channels.includes('heyreach') && heyreach.apiKey) {
    const client = heyReachClient({ apiKey: heyreach.apiKey, baseUrl: heyreach.baseUrl });
    clients.push(client);
    const channel = new HeyReachChannel(client);
    channels.heyreach = channel;
    listings.heyreach = () => channel.listCampaigns();
  }
  let mapping: CampaignMapping = {};
  const refresh = async () => {
    for (const [channel, list] of Object.entries(listings)) {
      const result = await list();
      if (result.isOk()) mapping = { ...mapping, [channel]: new Set(result.value) };
      else logger.warn('campaign listing failed; keeping the last known mapping', { channel, error: result.error._tag });
    }
  };
  await refresh();
  const timer = setInterval(() => void refresh(), REFRESH_MS);
  timer.unref();
  return {
    channels,
    campaigns: () => mapping,
    verifiers,
    close: async () => {
      clearInterval(timer);
      await Promise.all(clients.map((c) => c.close()));
    },
  };
};
