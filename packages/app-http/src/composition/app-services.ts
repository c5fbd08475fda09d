import type { CardCrafter, CoreDeps, DomainEvent, DriftReport, WebhookProvider } from '@caio/core';
import type { Result } from 'neverthrow';
import type { AppConfig } from '../config/app-config.js';
import type { AppMetrics } from '../metrics/app-metrics.js';
import type { InFlight } from './in-flight.js';

/** What a webhook request looks like to the verifier: raw bytes first, nothing parsed. */
export interface RawWebhookRequest {
  readonly rawBody: Buffer;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly contentType: string | undefined;
}

/** Verified and parsed, or authenticated-but-invalid (kept for the operator), or refused. */
export type WebhookVerdict =
  | { readonly _tag: 'Events'; readonly events: readonly DomainEvent[]; readonly authenticatedBy: string }
  | { readonly _tag: 'Quarantine'; readonly reason: string };

export interface WebhookRefusal {
  readonly status: 400 | 401 | 413 | 415 | 503;
  readonly error: string;
  readonly message: string;
}

/** What readiness needs of one provider's webhook auth (the full object is served as is). */
export interface ProviderAuthView {
  readonly healthy: boolean;
  readonly configured: boolean;
  readonly unsigned_allowlisted: boolean;
}

/** The inbound side as the app needs it; composed from @caio/adapters-webhooks. */
export interface WebhookIngress {
  receive(provider: WebhookProvider, request: RawWebhookRequest, now: Date): Result<WebhookVerdict, WebhookRefusal>;
  /** Per-provider auth status for /readyz (`provider_auth.<provider>`); never a secret. */
  status(): Readonly<Record<WebhookProvider, ProviderAuthView>>;
  readonly strict: boolean;
}

/**
 * Everything the routes use, resolved once from the container.
 *
 * @category ports
 */
export interface AppServices {
  readonly config: AppConfig;
  readonly deps: CoreDeps;
  readonly webhooks: WebhookIngress;
  /** Drift metrics when the state backend is dual, else null. */
  readonly drift: () => DriftReport | null;
  /** The last recorded replay-gate pass rate, if any (autonomy readiness). */
  readonly replayPassRate: () => Promise<number | null>;
  readonly inFlight: InFlight;
  /** Drafts cards for the pipeline and the cadence tick (the template crafter by default). */
  readonly crafter: CardCrafter;
  /** The Prometheus instruments (`/metrics`). */
  readonly metrics: AppMetrics;
}
