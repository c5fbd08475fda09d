import { FileStateStore } from '@caio/adapters-file';
import { describeStateStoreContract } from '@caio/testkit/contracts';
import { tempDir } from './temp-dir.js';

describeStateStoreContract(
  'file',
  async (clock) => {
    const dir = tempDir();
    const open = async () => (await FileStateStore.open({ dir: dir.path, clock }))._unsafeUnwrap();
    return { store: await open(), reopen: open, dispose: async () => dir.remove() };
  },
  { durable: true },
);

// A tiny compaction threshold runs every case across many snapshot generations.
describeStateStoreContract(
  'file, compacting constantly',
  async (clock) => {
    const dir = tempDir();
    const open = async () => (await FileStateStore.open({ dir: dir.path, clock, compactAfterBytes: 1 }))._unsafeUnwrap();
    return { store: await open(), reopen: open, dispose: async () => dir.remove() };
  },
  { durable: true },
);
