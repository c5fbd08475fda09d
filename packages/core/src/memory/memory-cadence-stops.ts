import type { ResultAsync } from 'neverthrow';
import type { CadenceStop } from '../cadence/cadence.js';
import type { IdentityKey } from '../lead/identity.js';
import type { CadenceStops } from '../ports/cadence-stops.js';
import type { StoreError } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';
import { clone, findEach } from './memory-state.js';

/** The reference `CadenceStops`: the first stop of an identity key wins. */
export const memoryCadenceStops = (m: MemoryMachine): CadenceStops => ({
  addCadenceStop(stop: CadenceStop): ResultAsync<void, StoreError> {
    return m.value(() => {
      m.state.cadenceStops[stop.identityKey] ??= clone(stop);
    });
  },

  findCadenceStops(keys: readonly IdentityKey[]): ResultAsync<readonly CadenceStop[], StoreError> {
    return m.value(() => findEach(m.state.cadenceStops, keys));
  },
});
