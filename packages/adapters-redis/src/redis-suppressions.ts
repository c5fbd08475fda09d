import type { StoreError, Suppression, Suppressions, SuppressionTarget } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { addOnce, findAll } from './redis-set-once.js';
import type { RedisStoreContext } from './redis-store-context.js';

/** Suppressions on Redis (`{p:send}`, the claim reads them): the first record of a target wins. */
export const redisSuppressions = (c: RedisStoreContext): Suppressions => ({
  addSuppression(suppression: Suppression): ResultAsync<void, StoreError> {
    return addOnce(c, c.keys.suppression(suppression.target), c.keys.suppressions(), suppression.target, suppression);
  },

  findSuppressions(targets: readonly SuppressionTarget[]): ResultAsync<readonly Suppression[], StoreError> {
    return findAll<Suppression>(c, c.keys.suppression, targets);
  },
});
