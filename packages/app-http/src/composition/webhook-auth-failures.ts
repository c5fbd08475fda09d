import type { EventCounts, StoreError } from '@caio/core';
import type { ResultAsync } from 'neverthrow';

/** The breaker's window for webhook authentication failures. */
export const WEBHOOK_AUTH_FAILURE_WINDOW_MS = 15 * 60_000;
const EVENT = 'webhook_auth_failure';

/**
 * The webhook authentication failures the autonomy breaker watches, counted in the state
 * store: a provider (or a prober) spreads its deliveries over every instance behind the
 * balancer, so only the count they share says whether failures spike.
 *
 * @category adapters
 */
export class WebhookAuthFailures {
  constructor(
    private readonly store: EventCounts,
    private readonly windowMs = WEBHOOK_AUTH_FAILURE_WINDOW_MS,
  ) {}

  record(now: Date): ResultAsync<void, StoreError> {
    return this.store.countEvent(EVENT, now);
  }

  /** Failures on every instance in the window ending now. */
  count(now: Date): ResultAsync<number, StoreError> {
    return this.store.countEventsInWindow(EVENT, this.windowMs, now);
  }
}
