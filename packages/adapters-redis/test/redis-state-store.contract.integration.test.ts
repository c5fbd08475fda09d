import { describeStateStoreContract } from '@caio/testkit/contracts';
import { openTestStore, removePrefix, testPrefix } from './redis-test-support.js';

describeStateStoreContract(
  'redis',
  async (clock) => {
    const prefix = testPrefix();
    const open = () => openTestStore(clock, { keyPrefix: prefix });
    return { store: await open(), reopen: open, dispose: () => removePrefix(prefix) };
  },
  { durable: true },
);
