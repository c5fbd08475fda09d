import type { Channel, Logger, ProviderCredentials, ProviderCredentialStatus, SendError } from '@caio/core';
import type { ResultAsync } from 'neverthrow';

/** One provider's credential check: ok, or the error the provider answered. */
export type CredentialCheck = () => ResultAsync<unknown, SendError>;

/** The provider name readiness reports a channel's check under (`provider_api.<provider>`). */
export const PROVIDER_OF_CHANNEL: Readonly<Record<Channel, 'ghl' | 'instantly' | 'heyreach'>> = { ghl_email: 'ghl', instantly: 'instantly', heyreach: 'heyreach' };

/** 401 and 403 are the provider refusing the credentials; anything else says nothing about them. */
const stateOf = (error: SendError): ProviderCredentialStatus['state'] => (error._tag === 'SendRejected' && (error.status === 401 || error.status === 403) ? 'invalid' : 'unreachable');

/**
 * Checks each live provider's credentials (at start, then on a timer: see liveChannels)
 * and keeps the last answer per channel, for the send policy (`provider_credentials_failed`)
 * and for readiness. A failing check is logged once per change of state, never with a
 * credential (the provider client redacts them from every message).
 *
 * @category adapters
 */
export class ProviderCredentialMonitor {
  private readonly statuses = new Map<Channel, ProviderCredentialStatus>();

  constructor(
    private readonly checks: Readonly<Partial<Record<Channel, CredentialCheck>>>,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {
    for (const channel of Object.keys(checks) as Channel[]) this.statuses.set(channel, { state: 'unchecked', checkedAt: null });
  }

  /** Runs every check once (concurrently) and records the answers. */
  async checkAll(): Promise<void> {
    await Promise.all(
      (Object.entries(this.checks) as [Channel, CredentialCheck][]).map(async ([channel, check]) => {
        const result = await check();
        const checkedAt = this.now().toISOString();
        const next: ProviderCredentialStatus = result.isOk() ? { state: 'valid', checkedAt } : { state: stateOf(result.error), checkedAt, detail: result.error.message.slice(0, 200) };
        const before = this.statuses.get(channel)?.state;
        this.statuses.set(channel, next);
        if (next.state !== before && next.state !== 'valid') this.logger.warn('provider credential check failed', { channel, state: next.state, detail: next.detail });
        if (next.state !== before && next.state === 'valid' && before !== 'unchecked') this.logger.info('provider credential check passes again', { channel });
      }),
    );
  }

  credentials(): ProviderCredentials {
    return Object.fromEntries(this.statuses);
  }
}
