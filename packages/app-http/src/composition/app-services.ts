import type { BatchListing, CardCrafter, CoreDeps, DomainEvent, DriftReport, QuarantineDecisions, Users, WebhookProvider, WorkQueue } from '@caio/core';
import type { Result } from 'neverthrow';
import type { AppConfig } from '../config/app-config.js';
import type { AppMetrics } from '../metrics/app-metrics.js';
import type { InFlight } from './in-flight.js';
import type { WebhookAuthFailures } from './webhook-auth-failures.js';
import type { WebhookApplier } from './webhook-applier.js';
import type { WebhookSpool } from './webhook-spool.js';

/** What a webhook request looks like to the verifier: raw bytes first, nothing parsed. */
export interface RawWebhookRequest {
  readonly rawBody: Buffer;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly contentType: string | undefined;
}

/** Verified and parsed, or authenticated but unusable (quarantined for the operator, answered 200), or refused (401, 413). */
export type WebhookVerdict =
  | { readonly _tag: 'Events'; readonly events: readonly DomainEvent[]; readonly authenticatedBy: string }
  | { readonly _tag: 'Quarantine'; readonly reason: string };

export interface WebhookRefusal {
  readonly status: 401 | 413 | 503;
  readonly error: string;
  readonly message: string;
}

/** What readiness needs of one provider's webhook auth (the full object is served as is). */
export interface ProviderAuthView {
  readonly healthy: boolean;
  readonly configured: boolean;
  readonly unsigned_allowlisted: boolean;
  /** Authentication failures since this instance started (notifications watch it). */
  readonly rejected_count?: number;
}

/** The inbound side as the app needs it; composed from @caio/adapters-webhooks. */
export interface WebhookIngress {
  receive(provider: WebhookProvider, request: RawWebhookRequest, now: Date): Result<WebhookVerdict, WebhookRefusal>;
  /** Parses a body authenticated at receipt (a quarantined delivery, re-applied after a fix): its events, or why not. */
  reparse(provider: WebhookProvider, rawBody: Buffer, now: Date): Result<readonly DomainEvent[], string>;
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
  /** Where acknowledged RB2B deliveries wait while the store cannot take them (this instance's own). */
  readonly spool: WebhookSpool;
  /** Applies accepted webhook events in the background; `drained()` waits for the backlog. */
  readonly webhookApplier: WebhookApplier;
  /** Drafts cards for the pipeline and the cadence tick (the template crafter by default). */
  readonly crafter: CardCrafter;
  /** The console's named users (authentication of each request, `caio users`). */
  readonly users: Users;
  /** Operators' decisions about quarantined webhook deliveries. */
  readonly quarantineDecisions: QuarantineDecisions;
  /** The job engine: BullMQ on Redis, in-process on the file store. */
  readonly jobs: WorkQueue;
  /** Batches by status (the operator's list, the dispatcher's resumption). */
  readonly batches: BatchListing;
  /** Webhook authentication failures of this instance (a fallback breaker). */
  readonly webhookAuthFailures: WebhookAuthFailures;
  /** The Prometheus instruments (`/metrics`). */
  readonly metrics: AppMetrics;
}
