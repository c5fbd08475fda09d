import { checkGhlCredentials, ghlClient, GhlContactResolver, GhlEmailChannel, GhlMessageVerifier } from '@caio/adapters-ghl';
import { HeyReachChannel, heyReachClient } from '@caio/adapters-heyreach';
import { InstantlyChannel, instantlyClient } from '@caio/adapters-instantly';
import { campaignMappingFromListings, type CampaignMapping, type Logger, type OutboundChannels, type RateGate, type RateWindow, type SendError } from '@caio/core';
import { errAsync, okAsync } from 'neverthrow';
import { createHash } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import type { ChannelSetup, MessageVerifier } from './build-channels.js';
import type { RateGateFactory } from './open-state.js';
import { ProviderCredentialMonitor, type CredentialCheck } from './provider-credential-monitor.js';

const REFRESH_MS = 5 * 60_000;

/**
 * The gate of one provider account, named by the provider and what its limit is counted
 * per: GHL counts per location (sub-account), so its id; Instantly and HeyReach per
 * workspace, which an API key does not name, so a digest of the key (never the key).
 * Every instance using the same account shares one gate; two accounts never share.
 */
const accountGate =
  (shared: RateGateFactory | null, account: string): ((provider: string, windows: readonly RateWindow[]) => RateGate) | undefined =>
    shared ? (provider, windows) => shared(`${provider.toLowerCase()}:${account}`, windows) : undefined;

const keyDigest = (apiKey: string): string => `key-${createHash('sha256').update(apiKey).digest('hex').slice(0, 16)}`;

/**
 * SEND_MODE=live: the provider channels for every enabled channel, the campaign mapping
 * kept fresh from the providers' own listings, and each provider's credentials checked
 * (both at start, then every 5 minutes): a provider that refuses them gets no send
 * (`provider_credentials_failed`) until a check passes.
 * A channel whose listing never succeeded has no mapping: its cards are not separated,
 * but the send policy denies them (`campaign_unmapped`) until it is known. With `shared`
 * gates (Redis backends) every instance paces its requests to one provider account
 * through the same gate, so together they stay under the provider's published limits.
 *
 * @category adapters
 */
export const liveChannels = async (config: AppConfig, logger: Logger, shared: RateGateFactory | null = null): Promise<ChannelSetup & { close(): Promise<void> }> => {
  const channels: { -readonly [K in keyof OutboundChannels]: OutboundChannels[K] } = {};
  const listings: Partial<Record<'instantly' | 'heyreach', () => ReturnType<InstantlyChannel['listCampaigns']>>> = {};
  const clients: { close(): Promise<void> }[] = [];
  const verifiers: Partial<Record<'ghl_email', MessageVerifier>> = {};
  const checks: Partial<Record<'ghl_email' | 'instantly' | 'heyreach', CredentialCheck>> = {};
  const { ghl, instantly, heyreach } = config.providers;
  if (config.channels.includes('ghl_email') && ghl.apiToken && ghl.locationId) {
    const gate = accountGate(shared, `location-${ghl.locationId}`);
    const client = ghlClient({ apiToken: ghl.apiToken, locationId: ghl.locationId, baseUrl: ghl.baseUrl, ...(gate ? { rateGate: gate } : {}) });
    clients.push(client);
    // The receipt's contact id becomes a key of the person at dispatch (learnProviderKeys), so GHL webhooks find them by it.
    channels.ghl_email = new GhlEmailChannel(client, new GhlContactResolver(client, ghl.locationId));
    const verifier = new GhlMessageVerifier(client);
    verifiers.ghl_email = (messageId) => verifier.exists(messageId);
    checks.ghl_email = () => checkGhlCredentials(client, ghl.locationId!);
  }
  if (config.channels.includes('instantly') && instantly.apiKey) {
    const gate = accountGate(shared, keyDigest(instantly.apiKey));
    const client = instantlyClient({ apiKey: instantly.apiKey, baseUrl: instantly.baseUrl, ...(gate ? { rateGate: gate } : {}) });
    clients.push(client);
    const channel = new InstantlyChannel(client);
    channels.instantly = channel;
    listings.instantly = () => channel.listCampaigns();
    checks.instantly = () => channel.checkCredentials();
  }
  if (config.channels.includes('heyreach') && heyreach.apiKey) {
    const gate = accountGate(shared, keyDigest(heyreach.apiKey));
    const client = heyReachClient({ apiKey: heyreach.apiKey, baseUrl: heyreach.baseUrl, ...(gate ? { rateGate: gate } : {}) });
    clients.push(client);
    const channel = new HeyReachChannel(client, { resumePausedCampaign: heyreach.resumePausedCampaign });
    channels.heyreach = channel;
    listings.heyreach = () => channel.listCampaigns();
    // CheckApiKey answers 401 as "false": a refusal like any other provider's.
    checks.heyreach = () => channel.checkApiKey().andThen((accepted) => (accepted ? okAsync(undefined) : errAsync<undefined, SendError>({ _tag: 'SendRejected', status: 401, message: 'HeyReach: CheckApiKey refused the API key' })));
  }
  let mapping: CampaignMapping = {};
  const refresh = async () => {
    const results: Partial<Record<'instantly' | 'heyreach', Awaited<ReturnType<InstantlyChannel['listCampaigns']>>>> = {};
    for (const [channel, list] of Object.entries(listings) as ['instantly' | 'heyreach', () => ReturnType<InstantlyChannel['listCampaigns']>][]) {
      const result = await list();
      results[channel] = result;
      if (result.isErr()) logger.warn('campaign listing failed; keeping the last known mapping', { channel, error: result.error._tag });
    }
    mapping = campaignMappingFromListings(mapping, results);
  };
  const monitor = new ProviderCredentialMonitor(checks, () => new Date(), logger);
  await Promise.all([refresh(), monitor.checkAll()]);
  const timer = setInterval(() => void Promise.all([refresh(), monitor.checkAll()]), REFRESH_MS);
  timer.unref();
  return {
    channels,
    campaigns: () => mapping,
    credentials: () => monitor.credentials(),
    verifiers,
    close: async () => {
      clearInterval(timer);
      await Promise.all(clients.map((c) => c.close()));
    },
  };
};
