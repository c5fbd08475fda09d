import { DualStateStore } from '@caio/core';
import { describeErasureStoreContract, describeIdentityStoreContract, describeSuppressionListContract, InMemoryStateStore, SequentialIds } from '@caio/testkit';

describeIdentityStoreContract('dual(memory+memory)', async (clock) => ({
  store: new DualStateStore(new InMemoryStateStore(() => clock.now()), new InMemoryStateStore(() => clock.now()), { dualRead: true, fallbackWrite: true, clock, ids: new SequentialIds() }),
}));

describeSuppressionListContract('dual(memory+memory)', async (clock) => ({
  store: new DualStateStore(new InMemoryStateStore(() => clock.now()), new InMemoryStateStore(() => clock.now()), { dualRead: true, fallbackWrite: true, clock, ids: new SequentialIds() }),
}));

describeErasureStoreContract('dual(memory+memory)', async (clock) => ({
  store: new DualStateStore(new InMemoryStateStore(() => clock.now()), new InMemoryStateStore(() => clock.now()), { dualRead: true, fallbackWrite: true, clock, ids: new SequentialIds() }),
}));
