import { InMemoryLockManager, ManualClock } from '@caio/testkit';
import { describeLockManagerContract, leaseInspectorContract } from '@caio/testkit/contracts';

leaseInspectorContract('in memory', async () => {
  const clock = new ManualClock('2026-03-02T20:00:00.000Z');
  return { locks: new InMemoryLockManager(clock), now: () => clock.now().getTime() };
});

describeLockManagerContract('in-memory', async () => {
  const clock = new ManualClock('2026-03-02T20:30:00.000Z');
  const locks = new InMemoryLockManager(clock);
  // One manager is one store: "two instances" share it.
  return { locks, other: locks, ttlMs: 10_000, advance: async (ms) => clock.advance(ms) };
});
