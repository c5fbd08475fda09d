import type { ResultAsync } from 'neverthrow';
import { token } from '../shared/token.js';
import type { StoreError } from './store-error.js';

/** Events are counted in buckets of this length (a window is whole buckets). @category model */
export const EVENT_BUCKET_MS = 60_000;
/** Buckets are kept this long; no window reaches further back. @category model */
export const EVENT_RETENTION_MS = 24 * 60 * 60_000;

/** The bucket an instant falls in. @category model */
export const eventBucket = (at: Date): number => Math.floor(at.getTime() / EVENT_BUCKET_MS);

/**
 * The buckets a window of `windowMs` ending at `at` covers, oldest first: from the bucket
 * `windowMs` before `at` to `at`'s own (so a window may reach up to one bucket further back).
 * At most the retention.
 *
 * @category model
 */
export const windowBuckets = (windowMs: number, at: Date): readonly number[] => {
  const last = eventBucket(at);
  const first = eventBucket(new Date(at.getTime() - Math.min(Math.max(0, windowMs), EVENT_RETENTION_MS)));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
};

/**
 * Counts of events in a rolling window, shared by every instance on the store: the webhook
 * authentication failures the autonomy breaker watches arrive at any instance, and each
 * instance's own count would see only its share. Counted per `name` in one-minute buckets
 * kept for a day. Not a record: neither exported nor compared between stores.
 *
 * @category ports
 */
export interface EventCounts {
  /** Counts one event of `name` at `at`. */
  countEvent(name: string, at: Date): ResultAsync<void, StoreError>;
  /** The events of `name` in the window of `windowMs` ending at `at` (see `windowBuckets`). */
  countEventsInWindow(name: string, windowMs: number, at: Date): ResultAsync<number, StoreError>;
}
export const EventCounts = token<EventCounts>('EventCounts');
