import type { ResultAsync } from 'neverthrow';
import type { StoreError } from '../ports/store-error.js';
import type { Suppressions } from '../ports/suppressions.js';
import type { Suppression, SuppressionTarget } from '../suppression/suppression.js';
import type { DualRouter } from './dual-router.js';

/** `Suppressions` over two stores: reads compared, writes mirrored (see `DualRouter`). */
export const dualSuppressions = (d: DualRouter): Suppressions => ({
  addSuppression(suppression: Suppression): ResultAsync<void, StoreError> {
    return d.write('addSuppression', [`suppression:${suppression.target}`], (s) => s.addSuppression(suppression));
  },
  findSuppressions(targets: readonly SuppressionTarget[]): ResultAsync<readonly Suppression[], StoreError> {
    return d.read('findSuppressions', targets.map((t) => `suppression:${t}`), (s) => s.findSuppressions(targets));
  },
});
