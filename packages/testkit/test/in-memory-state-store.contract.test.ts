import { describeStateStoreContract, InMemoryStateStore } from '@caio/testkit';

describeStateStoreContract('memory', async (clock) => ({ store: new InMemoryStateStore(() => clock.now()) }));
