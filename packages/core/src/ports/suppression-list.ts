import type { ResultAsync } from 'neverthrow';
import { token } from '../shared/token.js';
import type { Suppression, SuppressionTarget } from '../suppression/suppression.js';
import type { Page } from './page.js';
import type { StoreError } from './store-error.js';

/** @category ports */
export interface SuppressionQuery {
  readonly limit?: number;
  /** The last target of the previous page. */
  readonly after?: string;
}

/**
 * The do-not-contact list as the operator manages it: listed by target, and removable.
 * (Adding is `StateStore.addSuppression`, idempotent: the first entry for a target stays.)
 *
 * @category ports
 */
export interface SuppressionList {
  listSuppressions(query: SuppressionQuery): ResultAsync<Page<Suppression>, StoreError>;
  /** Removes the entry for a target; returns it, or `null` when there was none (nothing changed). */
  removeSuppression(target: SuppressionTarget): ResultAsync<Suppression | null, StoreError>;
}
export const SuppressionList = token<SuppressionList>('SuppressionList');
