import { WEBHOOK_PROVIDERS, type WebhookProvider } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import type { Authenticator } from './verify/authenticator.js';
import type { WebhookRejection } from './webhook-rejection.js';
import type { WebhookRequest } from './webhook-request.js';

/**
 * Readiness view of one provider, served as JSON by /readyz as
 * `provider_auth.<provider>` (hence snake_case). Never holds a secret.
 * `auth_scheme`: the configured schemes joined by `,`, `unsigned_allowlisted`, or `none`.
 *
 * @category adapters
 */
export interface ProviderAuthStatus {
  readonly provider: WebhookProvider;
  readonly mode: 'strict' | 'permissive';
  readonly configured: boolean;
  readonly auth_scheme: string;
  readonly unsigned_allowlisted: boolean;
  readonly healthy: boolean;
  readonly last_accepted_at: string | null;
  readonly rejected_count: number;
}

/** How a request got in: an authenticator's scheme, or one of the two reported exceptions. @category adapters */
export type AuthenticatedBy = Authenticator['scheme'] | 'unsigned_allowlisted' | 'unauthenticated_permissive';

/** @category adapters */
export interface WebhookGuardOptions {
  /** WEBHOOK_SIGNATURE_REQUIRED (default true). */
  readonly strict: boolean;
  /** HEYREACH_UNSIGNED_ALLOWLIST (default false): accept unsigned HeyReach in strict mode, reported. */
  readonly heyreachUnsignedAllowlist: boolean;
  readonly authenticators: Readonly<Partial<Record<WebhookProvider, readonly Authenticator[]>>>;
}

/**
 * Who may call which webhook. A configured provider always needs one of its
 * authenticators to pass, in either mode. A provider with none: in strict mode every
 * request is refused (and the provider reported unhealthy), except HeyReach when
 * explicitly allowlisted, which is accepted and reported as `unsigned_allowlisted`;
 * in permissive mode it is accepted and reported as `unauthenticated_permissive`.
 * Keeps per-provider counters for readiness (the only state, in memory).
 *
 * @category adapters
 */
export class WebhookGuard {
  private readonly lastAccepted = new Map<WebhookProvider, string>();
  private readonly rejected = new Map<WebhookProvider, number>();

  constructor(private readonly options: WebhookGuardOptions) {}

  get strict(): boolean {
    return this.options.strict;
  }

  private authenticatorsOf(provider: WebhookProvider): readonly Authenticator[] {
    return this.options.authenticators[provider] ?? [];
  }

  private allowlisted(provider: WebhookProvider): boolean {
    return provider === 'heyreach' && this.options.heyreachUnsignedAllowlist && this.authenticatorsOf(provider).length === 0;
  }

  authenticate(provider: WebhookProvider, request: WebhookRequest, now: Date): Result<AuthenticatedBy, WebhookRejection> {
    const authenticators = this.authenticatorsOf(provider);
    const refuse = (reason: string): Result<AuthenticatedBy, WebhookRejection> => {
      this.rejected.set(provider, (this.rejected.get(provider) ?? 0) + 1);
      return err({ _tag: 'WebhookUnauthorized', provider, reason });
    };
    const accept = (by: AuthenticatedBy): Result<AuthenticatedBy, WebhookRejection> => {
      this.lastAccepted.set(provider, now.toISOString());
      return ok(by);
    };
    if (authenticators.length === 0) {
      if (this.allowlisted(provider)) return accept('unsigned_allowlisted');
      return this.options.strict ? refuse(`no authenticator is configured for ${provider} and signatures are required`) : accept('unauthenticated_permissive');
    }
    const reasons: string[] = [];
    for (const authenticator of authenticators) {
      const verdict = authenticator.verify(request, now);
      if (verdict.isOk()) return accept(authenticator.scheme);
      reasons.push(`${authenticator.scheme}: ${verdict.error}`);
    }
    return refuse(reasons.join('; '));
  }

  /** One provider's readiness view. */
  statusOf(provider: WebhookProvider): ProviderAuthStatus {
    const schemes = this.authenticatorsOf(provider).map((a) => a.scheme);
    const configured = schemes.length > 0;
    const allowlisted = this.allowlisted(provider);
    return {
      provider,
      mode: this.options.strict ? 'strict' : 'permissive',
      configured,
      auth_scheme: configured ? [...new Set(schemes)].join(',') : allowlisted ? 'unsigned_allowlisted' : 'none',
      unsigned_allowlisted: allowlisted,
      healthy: configured || allowlisted || !this.options.strict,
      last_accepted_at: this.lastAccepted.get(provider) ?? null,
      rejected_count: this.rejected.get(provider) ?? 0,
    };
  }

  status(): Readonly<Record<WebhookProvider, ProviderAuthStatus>> {
    return Object.fromEntries(WEBHOOK_PROVIDERS.map((provider) => [provider, this.statusOf(provider)])) as Record<WebhookProvider, ProviderAuthStatus>;
  }
}
