import type { CadenceStop } from '../cadence/cadence.js';
import type { CampaignCheck } from '../campaign/campaign-mapping.js';
import type { Card } from '../card/card.js';
import type { ChannelRegistry } from '../channels/channel-registry.js';
import type { Controls } from '../controls/controls.js';
import type { Lead } from '../lead/lead.js';
import type { ProviderCredentialStatus } from '../provider/provider-credentials.js';
import type { FirstTouch, LedgerEntry } from '../ledger/send-ledger.js';
import type { Suppression } from '../suppression/suppression.js';
import type { SendPolicyConfig } from './send-policy-config.js';

/**
 * Everything a send decision depends on, read fresh right before the decision.
 *
 * @category model
 */
export interface PolicyContext {
  readonly now: Date;
  readonly config: SendPolicyConfig;
  readonly controls: Controls;
  readonly card: Card;
  readonly lead: Lead | null;
  readonly campaign: CampaignCheck;
  readonly sentToday: number;
  /** Sends claimed today on the card's channel (its own cap, SEND_CHANNEL_CAPS, counts these). */
  readonly sentTodayOnChannel: number;
  readonly cleanDaysInRow: number;
  readonly suppressions: readonly Suppression[];
  readonly firstTouches: readonly FirstTouch[];
  /** This lead's step n-1 on the same channel and campaign (null when none). */
  readonly previousStep: LedgerEntry | null;
  readonly cadenceStops: readonly CadenceStop[];
  /** The last credential check of the card's provider; absent when it is not checked (sandbox). */
  readonly providerCredentials?: ProviderCredentialStatus;
  /** The registered channels and their capabilities (default: the built-ins). */
  readonly channels?: ChannelRegistry;
}
