import type { ResultAsync } from 'neverthrow';
import type { Page } from '../ports/page.js';
import type { StoreError } from '../ports/store-error.js';
import type { SuppressionList, SuppressionQuery } from '../ports/suppression-list.js';
import type { Suppression, SuppressionTarget } from '../suppression/suppression.js';
import type { MemoryMachine } from './memory-machine.js';
import { pageById } from './page.js';

/** The reference `SuppressionList`: entries by target, removed one at a time. */
export const memorySuppressionList = (m: MemoryMachine): SuppressionList => ({
  listSuppressions(query: SuppressionQuery): ResultAsync<Page<Suppression>, StoreError> {
    return m.value(() => {
      const all = Object.values(m.state.suppressions).sort((a, b) => (a.target < b.target ? -1 : 1));
      return pageById(all, (e) => e.target, query.limit, query.after);
    });
  },

  removeSuppression(target: SuppressionTarget): ResultAsync<Suppression | null, StoreError> {
    return m.value(() => {
      const found = m.state.suppressions[target] ?? null;
      if (found) delete m.state.suppressions[target];
      return found;
    });
  },
});
