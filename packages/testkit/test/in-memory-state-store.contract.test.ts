import { InMemoryStateStore } from '@caio/testkit';
import { describeStateStoreContract } from '@caio/testkit/contracts';

describeStateStoreContract('memory', async (clock) => ({ store: new InMemoryStateStore(() => clock.now()) }));
