import type { CadenceStop, CadenceStops, IdentityKey, StoreError } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { addOnce, findAll } from './redis-set-once.js';
import type { RedisStoreContext } from './redis-store-context.js';

/** Cadence stops on Redis (`{p:send}`): the first stop of an identity key wins. */
export const redisCadenceStops = (c: RedisStoreContext): CadenceStops => ({
  addCadenceStop(stop: CadenceStop): ResultAsync<void, StoreError> {
    return addOnce(c, c.keys.stop(stop.identityKey), c.keys.stops(), stop.identityKey, stop);
  },

  findCadenceStops(keys: readonly IdentityKey[]): ResultAsync<readonly CadenceStop[], StoreError> {
    return findAll<CadenceStop>(c, c.keys.stop, keys);
  },
});
