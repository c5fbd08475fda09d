import type { ResultAsync } from 'neverthrow';
import type { EventCounts } from '../ports/event-counts.js';
import type { StoreError } from '../ports/store-error.js';
import type { DualRouter } from './dual-router.js';

/**
 * `EventCounts` over two stores: counted in both (as every write), read from the primary
 * alone. A count is no record: a failure-window count that differs between the stores is
 * not drift to repair, and must not be reported as such.
 */
export const dualEventCounts = (d: DualRouter): EventCounts => ({
  countEvent(name: string, at: Date): ResultAsync<void, StoreError> {
    return d.write('countEvent', [`event-count:${name}`], (s) => s.countEvent(name, at));
  },
  countEventsInWindow(name: string, windowMs: number, at: Date): ResultAsync<number, StoreError> {
    return d.primary.countEventsInWindow(name, windowMs, at);
  },
});
