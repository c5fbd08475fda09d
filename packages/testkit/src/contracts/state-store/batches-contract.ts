import type { Batch, BatchId, StateStore } from '@caio/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { AT } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

/** The contract of `Batches`: compare-and-set. @category testing */
export const batchesContract = (env: StateStoreContractEnv): void => {
  describe('batches', () => {
    let store: StateStore;

    beforeEach(() => {
      store = env.store();
    });

    it('compare-and-sets batches on version', async () => {
      const batch: Batch = {
        id: 'batch_1' as BatchId,
        items: [],
        snapshotDigest: 'd',
        status: 'open',
        createdBy: 'tester',
        createdAt: AT,
        updatedAt: AT,
        version: 1,
        outcomes: [],
      };
      expect((await store.putBatch(batch, null))._unsafeUnwrap()).toEqual(batch);
      expect((await store.putBatch(batch, null))._unsafeUnwrapErr()).toMatchObject({ _tag: 'VersionConflict', entity: 'batch' });
      const executing = { ...batch, status: 'executing' as const, version: 2 };
      expect((await store.putBatch(executing, 1))._unsafeUnwrap().status).toBe('executing');
      expect((await store.getBatch(batch.id))._unsafeUnwrap()).toEqual(executing);
      expect((await store.getBatch('batch_none' as BatchId))._unsafeUnwrap()).toBeNull();
    });
  });
};
