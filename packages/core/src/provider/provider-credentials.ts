import type { Channel } from '../channel.js';

/**
 * What the last credential check of a channel's provider found:
 * - `valid`: the provider accepted our credentials;
 * - `invalid`: it refused them (401 or 403: revoked, expired, missing scope);
 * - `unreachable`: the check got no answer about them (a timeout, a 5xx): not known bad;
 * - `unchecked`: no check has finished yet.
 *
 * @category model
 */
export const PROVIDER_CREDENTIAL_STATES = ['valid', 'invalid', 'unreachable', 'unchecked'] as const;
export type ProviderCredentialState = (typeof PROVIDER_CREDENTIAL_STATES)[number];

/** One provider's credential check, for the policy and readiness (never a secret). @category model */
export interface ProviderCredentialStatus {
  readonly state: ProviderCredentialState;
  /** When the last check finished (ISO), null before the first one. */
  readonly checkedAt: string | null;
  /** The provider's answer, in a few words (status and message; never a credential). */
  readonly detail?: string;
}

/** The checks of the live channels' providers, by channel; a channel without an entry is not checked (sandbox). @category model */
export type ProviderCredentials = Readonly<Partial<Record<Channel, ProviderCredentialStatus>>>;
