import { InMemoryLockManager, leaseInspectorContract, ManualClock } from '@caio/testkit';

leaseInspectorContract('in memory', async () => {
  const clock = new ManualClock('2026-03-02T20:00:00.000Z');
  return { locks: new InMemoryLockManager(clock), now: () => clock.now().getTime() };
});
