import type { BatchListing, CardCrafter, CoreDeps, WorkQueue } from '@caio/core';
import type { WebhookAuthFailures } from '../composition/webhook-auth-failures.js';
import type { AppConfig } from '../config/app-config.js';
import type { AppMetrics } from '../metrics/app-metrics.js';

/** What the background jobs use (a subset of `AppServices`). */
export interface JobServices {
  readonly deps: CoreDeps;
  readonly config: AppConfig;
  readonly crafter: CardCrafter;
  readonly batches: BatchListing;
  readonly jobs: WorkQueue;
  readonly webhookAuthFailures: WebhookAuthFailures;
  readonly replayPassRate: () => Promise<number | null>;
  /** Where each job run is counted (`/metrics`). */
  readonly metrics: AppMetrics;
}
