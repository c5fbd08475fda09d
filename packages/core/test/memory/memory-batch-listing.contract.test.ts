import { batchListingContract } from '@caio/testkit/contracts';
import { MemoryStateStore } from '../../src/index.js';

batchListingContract('memory', async () => ({ store: new MemoryStateStore() }));
