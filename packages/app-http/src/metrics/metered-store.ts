import type { AuditEntry } from '@caio/core';
import { ResultAsync, type Result } from 'neverthrow';
import type { AppMetrics } from './app-metrics.js';

/** A `ResultAsync` as far as this wrapper needs it: a promise of a result. */
type ResultPromise = PromiseLike<Result<unknown, unknown>>;

const isResultAsync = (value: unknown): value is ResultPromise =>
  typeof value === 'object' && value !== null && typeof (value as { mapErr?: unknown }).mapErr === 'function' && typeof (value as PromiseLike<unknown>).then === 'function';

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
    // Observed with one plain callback on the result's promise, not `map`/`mapErr`: those run
    // their callback through neverthrow's generator-based step (`__awaiter`) and wrap the
    // value again; that step was the largest neverthrow cost in the webhook applier's
    // profile, and here it would be paid by every store operation of the app. The result
    // passes through as it was.
    return new ResultAsync(
      Promise.resolve(result).then((outcome) => {
        if (outcome.isOk()) {
          if (claim) metrics.claimSeconds.observe({ result: 'claimed' }, (performance.now() - started) / 1000);
          return outcome;
        }
        const tag = tagOf(outcome.error);
        if (claim) metrics.claimSeconds.observe({ result: tag.startsWith('Store') ? 'error' : 'refused' }, (performance.now() - started) / 1000);
        if (tag.startsWith('Store')) metrics.storeErrors.inc({ operation: property, error: tag });
        return outcome;
      }),
    );
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
