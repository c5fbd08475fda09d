import type { AuditEntry } from '@caio/core';
import type { AppMetrics } from './app-metrics.js';

interface ResultLike {
  map(f: (value: unknown) => unknown): unknown;
  mapErr(f: (error: unknown) => unknown): unknown;
}

const isResultAsync = (value: unknown): value is ResultLike & PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as ResultLike).mapErr === 'function' && typeof (value as PromiseLike<unknown>).then === 'function';

const tagOf = (error: unknown): string => (typeof error === 'object' && error !== null && '_tag' in error ? String(error._tag) : 'unknown');

/** A denied send decision's failing rules, read from its `send.decided` audit entry. */
const deniedRules = (entry: AuditEntry): readonly string[] => {
  if (entry.action !== 'send.decided') return [];
  const decision = (entry.detail as { decision?: { allowed?: unknown; denials?: unknown } }).decision;
  return decision?.allowed === false && Array.isArray(decision.denials) ? decision.denials.map(String) : [];
};

/**
 * The store as the app uses it, observed: every operation that fails with a store error
 * (`Store*`) is counted by operation and error, `claimSend` is timed, and the policy
 * decisions core audits (`send.decided`) count denials by rule. A proxy, not a subclass:
 * it forwards every operation of any store (file, Redis, dual) unchanged.
 *
 * @category adapters
 */
export const meteredStore = <S extends object>(store: S, metrics: AppMetrics): S => {
  // One wrapper per operation, made on first use (not one closure per call); remade if the operation is replaced (a test's stub).
  const wrappers = new Map<string, { readonly operation: unknown; readonly wrapper: (...args: unknown[]) => unknown }>();
  const wrap = (target: S, property: string, operation: (...a: unknown[]) => unknown) => (...args: unknown[]) => {
    const claim = property === 'claimSend';
    const started = claim ? performance.now() : 0;
    const result: unknown = operation.apply(target, args);
    if (!isResultAsync(result)) return result;
    if (property === 'appendAudit') for (const rule of deniedRules(args[0] as AuditEntry)) metrics.policyDenials.inc({ rule });
    // Only a claim is timed; every other operation only has its failures observed (one step added to its result, not two).
    const timed = claim
      ? (result.map((ok) => {
          metrics.claimSeconds.observe({ result: 'claimed' }, (performance.now() - started) / 1000);
          return ok;
        }) as ResultLike)
      : result;
    return timed.mapErr((error) => {
      const tag = tagOf(error);
      if (claim) metrics.claimSeconds.observe({ result: tag.startsWith('Store') ? 'error' : 'refused' }, (performance.now() - started) / 1000);
      if (tag.startsWith('Store')) metrics.storeErrors.inc({ operation: property, error: tag });
      return error;
    });
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const cached = wrappers.get(property);
      if (cached?.operation === value) return cached.wrapper;
      const wrapper = wrap(target, property, value as (...a: unknown[]) => unknown);
      wrappers.set(property, { operation: value, wrapper });
      return wrapper;
    },
  });
};
