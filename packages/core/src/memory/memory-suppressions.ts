import type { ResultAsync } from 'neverthrow';
import type { StoreError } from '../ports/store-error.js';
import type { Suppressions } from '../ports/suppressions.js';
import type { Suppression, SuppressionTarget } from '../suppression/suppression.js';
import type { MemoryMachine } from './memory-machine.js';
import { clone, findEach } from './memory-state.js';

/** The reference `Suppressions`: the first record of a target wins. */
export const memorySuppressions = (m: MemoryMachine): Suppressions => ({
  addSuppression(suppression: Suppression): ResultAsync<void, StoreError> {
    return m.value(() => {
      m.state.suppressions[suppression.target] ??= clone(suppression);
    });
  },

  findSuppressions(targets: readonly SuppressionTarget[]): ResultAsync<readonly Suppression[], StoreError> {
    return m.value(() => findEach(m.state.suppressions, targets));
  },
});
