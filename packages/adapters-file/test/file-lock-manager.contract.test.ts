import { FileLockManager } from '@caio/adapters-file';
import { ManualClock } from '@caio/testkit';
import { describeLockManagerContract, leaseInspectorContract } from '@caio/testkit/contracts';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

leaseInspectorContract('file', async () => {
  const dir = tempDir();
  return { locks: new FileLockManager(join(dir.path, 'leases')), now: () => Date.now(), dispose: async () => dir.remove() };
});

describeLockManagerContract('file', async () => {
  const dir = tempDir('caio-leases-');
  const clock = new ManualClock('2026-03-02T20:30:00.000Z');
  // Two managers over one directory, as two processes of one machine would have.
  return {
    locks: new FileLockManager(dir.path, clock),
    other: new FileLockManager(dir.path, clock),
    ttlMs: 10_000,
    advance: async (ms) => clock.advance(ms),
    dispose: async () => dir.remove(),
  };
});
