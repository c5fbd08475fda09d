import type { StateStore, StoreError } from '@caio/core';
import { err, errAsync, ResultAsync } from 'neverthrow';

/** Methods of the port that can be made to fail. */
export type StoreMethod = Exclude<keyof StateStore, 'close' | 'health'>;

/**
 * - `before`: the call fails without touching the store (connection refused).
 * - `after`: the call is applied, then the answer is lost (a timeout after Redis ran
 *   the script): the caller sees an error although the state changed.
 */
export type FaultTiming = 'before' | 'after';

interface Fault {
  readonly method: StoreMethod;
  readonly timing: FaultTiming;
  readonly error: StoreError;
  remainingSkips: number;
}

/**
 * Wraps any `StateStore` and fails chosen calls, so tests can inject a store failure
 * at every step of a use case (the n-th `claimSend`, the next `recordOutcome`...).
 * `calls` records every method called, in order.
 *
 * @category testing
 */
export const withStoreFaults = (inner: StateStore): { store: StateStore; fail: (method: StoreMethod, options?: { timing?: FaultTiming; skip?: number; error?: StoreError }) => void; calls: StoreMethod[] } => {
  const faults: Fault[] = [];
  const calls: StoreMethod[] = [];
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || property === 'close' || property === 'health') {
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      const method = property as StoreMethod;
      return (...args: unknown[]): ResultAsync<unknown, unknown> => {
        calls.push(method);
        const index = faults.findIndex((f) => f.method === method);
        const fault = index >= 0 ? faults[index] : undefined;
        if (fault && fault.remainingSkips > 0) fault.remainingSkips--;
        else if (fault) {
          faults.splice(index, 1);
          if (fault.timing === 'before') return errAsync(fault.error);
          const applied = (value as (...a: unknown[]) => ResultAsync<unknown, unknown>).apply(target, args);
          // Applied, but the answer never arrives.
          return new ResultAsync(Promise.resolve(applied).then(() => err(fault.error)));
        }
        return (value as (...a: unknown[]) => ResultAsync<unknown, unknown>).apply(target, args);
      };
    },
  });
  return {
    store,
    calls,
    fail: (method, options = {}) =>
      faults.push({
        method,
        timing: options.timing ?? 'before',
        error: options.error ?? { _tag: 'StoreTimeout', message: `injected ${options.timing ?? 'before'} ${method}` },
        remainingSkips: options.skip ?? 0,
      }),
  };
};
