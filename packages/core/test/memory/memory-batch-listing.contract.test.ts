import { batchListingContract } from '@caio/testkit';
import { MemoryStateStore } from '../../src/index.js';

batchListingContract('memory', async () => ({ store: new MemoryStateStore() }));
