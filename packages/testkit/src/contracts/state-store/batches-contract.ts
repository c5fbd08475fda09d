import type { Batch, BatchId } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { AT } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

/** The contract of `Batches`: compare-and-set. @category testing */
export const batchesContract = (env: StateStoreContractEnv): void => {
  describe('batches', () => {
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
      expect((await env.store.putBatch(batch, null))._unsafeUnwrap()).toEqual(batch);
      expect((await env.store.putBatch(batch, null))._unsafeUnwrapErr()).toMatchObject({ _tag: 'VersionConflict', entity: 'batch' });
      const executing = { ...batch, status: 'executing' as const, version: 2 };
      expect((await env.store.putBatch(executing, 1))._unsafeUnwrap().status).toBe('executing');
      expect((await env.store.getBatch(batch.id))._unsafeUnwrap()).toEqual(executing);
      expect((await env.store.getBatch('batch_none' as BatchId))._unsafeUnwrap()).toBeNull();
    });
  });
};
