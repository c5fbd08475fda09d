import { workQueueContract } from '@caio/testkit/contracts';
import { InProcessWorkQueue } from '../src/jobs/in-process-work-queue.js';

workQueueContract('in-process', async () => {
  const queue = new InProcessWorkQueue({ concurrency: 2, retryDelayMs: 20 });
  return { queue, peer: null, dispose: () => queue.close() };
});
