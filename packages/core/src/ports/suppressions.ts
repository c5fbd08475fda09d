import type { ResultAsync } from 'neverthrow';
import { token } from '../shared/token.js';
import type { Suppression, SuppressionTarget } from '../suppression/suppression.js';
import type { StoreError } from './store-error.js';

/** Who must never be messaged; adds are idempotent (the first record of a target wins). @category ports */
export interface Suppressions {
  addSuppression(suppression: Suppression): ResultAsync<void, StoreError>;
  findSuppressions(targets: readonly SuppressionTarget[]): ResultAsync<readonly Suppression[], StoreError>;
}
export const Suppressions = token<Suppressions>('Suppressions');
