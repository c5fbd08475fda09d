import { describeErasureStoreContract, describeIdentityStoreContract, describeSuppressionListContract, InMemoryStateStore } from '@caio/testkit';

describeIdentityStoreContract('memory', async (clock) => ({ store: new InMemoryStateStore(() => clock.now()) }));
describeSuppressionListContract('memory', async (clock) => ({ store: new InMemoryStateStore(() => clock.now()) }));
describeErasureStoreContract('memory', async (clock) => ({ store: new InMemoryStateStore(() => clock.now()) }));
