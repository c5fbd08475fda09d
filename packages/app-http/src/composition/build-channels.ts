import type { CampaignMapping, Channel, Clock, OutboundChannels, ProviderCredentials, SendError } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import type { AppConfig } from '../config/app-config.js';
import { SandboxChannel } from '../channels/sandbox-channel.js';
import { DEMO_CAMPAIGNS } from '../demo/seed-demo.js';

/** Asks a provider whether a message it accepted really exists (`caio verify-send`). */
export type MessageVerifier = (messageId: string) => ResultAsync<boolean, SendError>;

export interface ChannelSetup {
  readonly channels: OutboundChannels;
  readonly campaigns: () => CampaignMapping;
  /** The live providers' last credential checks (absent in sandbox mode: nothing to check). */
  readonly credentials?: () => ProviderCredentials;
  /** Channels whose provider can be asked about a sent message by id (live GHL). */
  readonly verifiers: Partial<Record<Channel, MessageVerifier>>;
}

/**
 * SEND_MODE=sandbox: every enabled channel records instead of delivering, and the
 * campaign mapping is the sandbox's own (the demo campaigns plus SANDBOX_CAMPAIGNS).
 *
 * @category adapters
 */
export const sandboxChannels = (config: AppConfig, clock: Clock, extraCampaigns: readonly string[] = []): ChannelSetup => {
  const channels = Object.fromEntries(config.channels.map((c) => [c, new SandboxChannel(c, clock)]));
  const mapping: CampaignMapping = {
    instantly: new Set([DEMO_CAMPAIGNS.instantly, ...extraCampaigns]),
    heyreach: new Set([DEMO_CAMPAIGNS.heyreach, ...extraCampaigns]),
  };
  // Sandbox sends are records in the store, not messages at a provider: nothing to ask.
  return { channels, campaigns: () => mapping, verifiers: {} };
};
