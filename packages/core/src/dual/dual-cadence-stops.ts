import type { ResultAsync } from 'neverthrow';
import type { CadenceStop } from '../cadence/cadence.js';
import type { IdentityKey } from '../lead/identity.js';
import type { CadenceStops } from '../ports/cadence-stops.js';
import type { StoreError } from '../ports/store-error.js';
import type { DualRouter } from './dual-router.js';

/** `CadenceStops` over two stores: reads compared, writes mirrored (see `DualRouter`). */
export const dualCadenceStops = (d: DualRouter): CadenceStops => ({
  addCadenceStop(stop: CadenceStop): ResultAsync<void, StoreError> {
    return d.write('addCadenceStop', [`stop:${stop.identityKey}`], (s) => s.addCadenceStop(stop));
  },
  findCadenceStops(keys: readonly IdentityKey[]): ResultAsync<readonly CadenceStop[], StoreError> {
    return d.read('findCadenceStops', keys.map((k) => `stop:${k}`), (s) => s.findCadenceStops(keys));
  },
});
