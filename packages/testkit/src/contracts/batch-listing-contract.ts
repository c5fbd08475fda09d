import type { Batch, BatchId, BatchListing, Batches } from '@caio/core';
import { afterEach, describe, expect, it } from 'vitest';
import { AT } from '../builders.js';

/** A fresh store that lists batches, and its disposal. @category testing */
export interface BatchListingHarness {
  readonly store: BatchListing & Batches;
  readonly dispose?: () => Promise<void>;
}

const batch = (n: number, status: Batch['status']): Batch => ({
  id: `batch_${String(n).padStart(4, '0')}` as BatchId,
  items: [],
  snapshotDigest: 'd',
  status,
  createdBy: 'tester',
  createdAt: AT,
  updatedAt: AT,
  version: 1,
  outcomes: [],
});

/**
 * The `BatchListing` contract: batches in id order, filtered by status, paged with
 * `next` / `after`, and a batch listed under its current status after a change.
 *
 * @category testing
 */
export const batchListingContract = (adapter: string, makeHarness: () => Promise<BatchListingHarness>): void => {
  describe(`BatchListing contract: ${adapter}`, () => {
    let harness: BatchListingHarness | undefined;
    afterEach(async () => {
      await harness?.dispose?.();
      harness = undefined;
    });

    it('lists batches in id order, by status, page by page', async () => {
      harness = await makeHarness();
      const { store } = harness;
      for (let n = 5; n >= 1; n--) (await store.putBatch(batch(n, n % 2 === 0 ? 'executing' : 'open'), null))._unsafeUnwrap();
      expect((await store.listBatches({}))._unsafeUnwrap().items.map((b) => b.id)).toEqual(['batch_0001', 'batch_0002', 'batch_0003', 'batch_0004', 'batch_0005']);
      expect((await store.listBatches({ status: 'executing' }))._unsafeUnwrap().items.map((b) => b.id)).toEqual(['batch_0002', 'batch_0004']);
      const first = (await store.listBatches({ status: 'open', limit: 2 }))._unsafeUnwrap();
      expect(first.items.map((b) => b.id)).toEqual(['batch_0001', 'batch_0003']);
      expect(first.next).toBe('batch_0003');
      const second = (await store.listBatches({ status: 'open', limit: 2, after: first.next! }))._unsafeUnwrap();
      expect(second).toEqual({ items: [expect.objectContaining({ id: 'batch_0005' })] });
      (await store.putBatch({ ...batch(2, 'executed'), version: 2 }, 1))._unsafeUnwrap();
      expect((await store.listBatches({ status: 'executing' }))._unsafeUnwrap().items.map((b) => b.id)).toEqual(['batch_0004']);
      expect((await store.listBatches({ status: 'executed' }))._unsafeUnwrap().items.map((b) => b.id)).toEqual(['batch_0002']);
      expect((await store.listBatches({ status: 'aborted' }))._unsafeUnwrap().items).toEqual([]);
    });
  });
};
