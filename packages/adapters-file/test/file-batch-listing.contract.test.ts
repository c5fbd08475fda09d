import { FileStateStore } from '@caio/adapters-file';
import { batchListingContract } from '@caio/testkit/contracts';
import { tempDir } from './temp-dir.js';

batchListingContract('file store', async () => {
  const dir = tempDir();
  const store = (await FileStateStore.open({ dir: dir.path }))._unsafeUnwrap();
  return {
    store,
    dispose: async () => {
      await store.close();
      dir.remove();
    },
  };
});
