import { FileLockManager } from '@caio/adapters-file';
import { leaseInspectorContract } from '@caio/testkit';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

leaseInspectorContract('file', async () => {
  const dir = tempDir();
  return { locks: new FileLockManager(join(dir.path, 'leases')), now: () => Date.now(), dispose: async () => dir.remove() };
});
