import type { CampaignMapping } from '../../campaign/campaign-mapping.js';
import type { ChannelRegistry } from '../../channels/channel-registry.js';
import type { Clock } from '../../ports/clock.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { LockManager } from '../../ports/lock-manager.js';
import type { Logger } from '../../ports/logger.js';
import type { OutboundChannels } from '../../ports/outbound-channel.js';
import type { ProviderCredentials } from '../../provider/provider-credentials.js';
import type { StateStore } from '../../ports/state-store.js';
import type { SendPolicyConfig } from '../../policy/send-policy-config.js';
import type { RejectionTaxonomy } from '../../rejection/rejection.js';

/**
 * The ports and settings every use case takes, through a plain constructor argument.
 * Composition roots (app-http, tests, your service) build it once.
 *
 * @category ports
 */
export interface CoreDeps {
  readonly store: StateStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly channels: OutboundChannels;
  /**
   * The channels' capabilities (first-touch eligibility, exclusivity, campaign, e-mail);
   * default: the built-ins. An adapter of a new channel registers it here and puts its
   * `OutboundChannel` in `channels`.
   */
  readonly channelRegistry?: ChannelRegistry;
  /** Optional: leases keep two dispatchers off one batch (efficiency only). */
  readonly locks?: LockManager;
  readonly policy: SendPolicyConfig;
  /** The provider campaigns last listed; cards outside it are separated. */
  readonly campaigns: () => CampaignMapping;
  /** Optional: the providers' last credential checks; a provider that refused them gets no send. */
  readonly providerCredentials?: () => ProviderCredentials;
  readonly taxonomy: RejectionTaxonomy;
  /** Supervised GHL first touches are sent at approval (the tracker's "auto resolve on approve"). */
  readonly sendGhlFirstTouchOnApprove: boolean;
  /**
   * The secret of erasure tombstones (`erasedTarget`). When set, a record about an erased
   * person is refused instead of re-creating them; `erasePerson` requires it.
   */
  readonly erasureKey?: string;
}

/**
 * What a use case takes: `CoreDeps` (or the keys of it named in `K`) with `store`
 * narrowed to the role ports it reads and writes, so its signature says what it touches.
 * A whole `CoreDeps` (whose store is a `StateStore`) satisfies it.
 *
 * @category ports
 */
export type UseCaseDeps<Roles, K extends keyof CoreDeps = keyof CoreDeps> = Omit<Pick<CoreDeps, K>, 'store'> & { readonly store: Roles };
