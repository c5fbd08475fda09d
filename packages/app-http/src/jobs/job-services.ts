import type { BatchListing, CardCrafter, CoreDeps, WorkQueue } from '@caio/core';
import type { RollingCounter } from '../composition/rolling-counter.js';
import type { AppConfig } from '../config/app-config.js';

/** What the background jobs use (a subset of `AppServices`). */
export interface JobServices {
  readonly deps: CoreDeps;
  readonly config: AppConfig;
  readonly crafter: CardCrafter;
  readonly batches: BatchListing;
  readonly jobs: WorkQueue;
  readonly webhookAuthFailures: RollingCounter;
  readonly replayPassRate: () => Promise<number | null>;
}
