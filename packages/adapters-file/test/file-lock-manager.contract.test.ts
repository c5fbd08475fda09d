import { FileLockManager } from '@caio/adapters-file';
import { ManualClock } from '@caio/testkit';
import { describeLockManagerContract } from '@caio/testkit/contracts';
import { tempDir } from './temp-dir.js';

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
