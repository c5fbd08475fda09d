import type { StateStore } from '@caio/core';
import type fc from 'fast-check';
import { ResultAsync } from 'neverthrow';

/**
 * Makes every store call an interleaving point: the call itself (not just its answer)
 * waits for the scheduler, so fast-check explores the orders in which two dispatchers'
 * reads, claims and writes reach the store.
 */
export const scheduledStore = (inner: StateStore, scheduler: fc.Scheduler): StateStore =>
  new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'close' || property === 'health') return (value as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) =>
        new ResultAsync(
          scheduler
            .schedule(Promise.resolve(), String(property))
            .then(() => (value as (...a: unknown[]) => ResultAsync<unknown, unknown>).apply(target, args)),
        );
    },
  });
