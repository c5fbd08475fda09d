import type { ResultAsync } from 'neverthrow';
import { token } from '../shared/token.js';
import type { StoreError } from './store-error.js';

/**
 * Paces the requests to one provider account. A request may start only after
 * `tryAcquire` answered 0, which also counted it; any other answer is how many
 * milliseconds to wait before asking again. The gate on Redis is shared by every app
 * instance on that Redis, so together they stay under the provider's published limits;
 * the local gate (`@caio/provider-http`) paces one process only. A gate that cannot be
 * consulted answers an error, and the request is not made (provably not sent).
 *
 * @category ports
 */
export interface RateGate {
  tryAcquire(): ResultAsync<number, StoreError>;
}
export const RateGate = token<RateGate>('RateGate');
