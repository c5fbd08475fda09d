import { WEBHOOK_PROVIDERS, type WebhookProvider } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import type { Authenticator } from './verify/authenticator.js';
import type { WebhookRejection } from './webhook-rejection.js';
import type { WebhookRequest } from './webhook-request.js';

/** Readiness view of one provider (served as `provider_auth.<provider>`); never a secret. @category adapters */
export interface ProviderAuthStatus {
  readonly provider: WebhookProvider;
  readonly mode: 'strict' | 'permissive';
  readonly configured: boolean;
  readonly auth_schemes: readonly string[];
  readonly unsigned_allowlisted: boolean;
  readonly healthy: boolean;
  readonly last_accepted_at: string | null;
  readonly rejected_count: number;
}

export interface WebhookGuardOptions {
  /** WEBHOOK_SIGNATURE_REQUIRED (default true). */
  readonly strict: boolean;
  /** HEYREACH_UNSIGNED_ALLOWLIST (default false): accept unsigned HeyReach in strict mode, reported. */
  readonly heyreachUnsignedAllowlist: boolean;
  readonly authenticators: Readonly<Partial<Record<WebhookProvider, readonly Authenticator[]>>>;
}

/**
 * Who may call which webhook. Strict mode: a provider with no authenticator refuses
 * every request (and reports unhealthy), except HeyReach when explicitly allowlisted,
 * which is accepted and reported as `unsigned_allowlisted`. Permissive mode accepts
 * unauthenticated requests to unconfigured providers but says so in the status. A
 * configured provider always requires one of its authenticators to pass.
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

  private allowlisted(provider: WebhookProvider): boolean {
    return provider === 'heyreach' && this.options.heyreachUnsignedAllowlist && !this.configured(provider);
  }

  private configured(provider: WebhookProvider): boolean {
    return (this.options.authenticators[provider]?.length ?? 0) > 0;
  }

  authenticate(provider: WebhookProvider, request: WebhookRequest, now: Date): Result<string, WebhookRejection> {
    const authenticators = this.options.authenticators[provider] ?? [];
    const refuse = (reason: string): Result<string, WebhookRejection> => {
      this.rejected.set(provider, (this.rejected.get(provider) ?? 0) + 1);
      return err({ _tag: 'WebhookUnauthorized', provider, reason });
    };
    const accept = (by: string): Result<string, WebhookRejection> => {
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

  status(): Readonly<Record<WebhookProvider, ProviderAuthStatus>> {
    return Object.fromEntries(
      WEBHOOK_PROVIDERS.map((provider): [WebhookProvider, ProviderAuthStatus] => {
        const configured = this.configured(provider);
        const allowlisted = this.allowlisted(provider);
        return [
          provider,
          {
            provider,
            mode: this.options.strict ? 'strict' : 'permissive',
            configured,
            auth_schemes: (this.options.authenticators[provider] ?? []).map((a) => a.scheme),
            unsigned_allowlisted: allowlisted,
            healthy: configured || allowlisted || !this.options.strict,
            last_accepted_at: this.lastAccepted.get(provider) ?? null,
            rejected_count: this.rejected.get(provider) ?? 0,
          },
        ];
      }),
    ) as Record<WebhookProvider, ProviderAuthStatus>;
  }
}
