import type { ResultAsync } from 'neverthrow';
import type { CadenceStop } from '../cadence/cadence.js';
import type { IdentityKey } from '../lead/identity.js';
import { token } from '../shared/token.js';
import type { StoreError } from './store-error.js';

/** Identity keys whose cadence must not continue (a reply arrived); adds are idempotent (the first stop wins). @category ports */
export interface CadenceStops {
  addCadenceStop(stop: CadenceStop): ResultAsync<void, StoreError>;
  findCadenceStops(keys: readonly IdentityKey[]): ResultAsync<readonly CadenceStop[], StoreError>;
}
export const CadenceStops = token<CadenceStops>('CadenceStops');
