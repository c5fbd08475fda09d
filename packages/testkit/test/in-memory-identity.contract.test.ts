import { describeIdentityStoreContract, InMemoryStateStore } from '@caio/testkit';

describeIdentityStoreContract('memory', async (clock) => ({ store: new InMemoryStateStore(() => clock.now()) }));
