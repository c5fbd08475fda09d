import { MemoryStateStore, type StoreError } from '@caio/core';

/**
 * The reference store of core (`MemoryStateStore`) with a test seam: `failNext` makes
 * the next calls fail before they touch any state.
 *
 * @category testing
 */
export class InMemoryStateStore extends MemoryStateStore {
  failNext(error: StoreError, count = 1): void {
    for (let i = 0; i < count; i++) this.faults.push(error);
  }
}
