import type { ResultAsync } from 'neverthrow';
import { eventBucket, EVENT_RETENTION_MS, windowBuckets, type EventCounts } from '../ports/event-counts.js';
import type { StoreError } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';

const key = (name: string, bucket: number): string => `${name}|${bucket}`;

/**
 * The reference `EventCounts`: one entry per name and bucket (`<name>|<bucket>`); counting
 * drops the name's buckets past the retention, so a name keeps at most a day of buckets.
 */
export const memoryEventCounts = (m: MemoryMachine): EventCounts => ({
  countEvent(name: string, at: Date): ResultAsync<void, StoreError> {
    return m.value(() => {
      const counts = m.state.eventCounts;
      const oldest = eventBucket(new Date(at.getTime() - EVENT_RETENTION_MS));
      const prefix = `${name}|`;
      for (const k of Object.keys(counts)) if (k.startsWith(prefix) && Number(k.slice(prefix.length)) < oldest) delete counts[k];
      const bucket = key(name, eventBucket(at));
      counts[bucket] = (counts[bucket] ?? 0) + 1;
    });
  },

  countEventsInWindow(name: string, windowMs: number, at: Date): ResultAsync<number, StoreError> {
    return m.value(() => windowBuckets(windowMs, at).reduce((sum, b) => sum + (m.state.eventCounts[key(name, b)] ?? 0), 0));
  },
});
