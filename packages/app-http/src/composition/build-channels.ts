import type { CampaignMapping, Clock, OutboundChannels } from '@caio/core';
import type { AppConfig } from '../config/app-config.js';
import { SandboxChannel } from '../channels/sandbox-channel.js';
import { DEMO_CAMPAIGNS } from '../demo/seed-demo.js';

export interface ChannelSetup {
  readonly channels: OutboundChannels;
  readonly campaigns: () => CampaignMapping;
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
  return { channels, campaigns: () => mapping };
};
