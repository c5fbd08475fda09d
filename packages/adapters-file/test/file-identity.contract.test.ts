import { FileStateStore } from '@caio/adapters-file';
import { describeErasureStoreContract, describeIdentityStoreContract, describeSuppressionListContract } from '@caio/testkit';
import { tempDir } from './temp-dir.js';

for (const compactAfterBytes of [undefined, 1]) {
  describeIdentityStoreContract(
    compactAfterBytes ? 'file, compacting constantly' : 'file',
    async (clock) => {
      const dir = tempDir();
      const open = async () => (await FileStateStore.open({ dir: dir.path, clock, ...(compactAfterBytes ? { compactAfterBytes } : {}) }))._unsafeUnwrap();
      return { store: await open(), reopen: open, dispose: async () => dir.remove() };
    },
    { durable: true },
  );
}

describeSuppressionListContract('file', async (clock) => {
  const dir = tempDir();
  return { store: (await FileStateStore.open({ dir: dir.path, clock }))._unsafeUnwrap(), dispose: async () => dir.remove() };
});

describeErasureStoreContract('file', async (clock) => {
  const dir = tempDir();
  return { store: (await FileStateStore.open({ dir: dir.path, clock }))._unsafeUnwrap(), dispose: async () => dir.remove() };
});
