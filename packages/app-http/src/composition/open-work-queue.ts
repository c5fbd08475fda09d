import { BullmqWorkQueue } from '@caio/adapters-bullmq';
import type { WorkQueue } from '@caio/core';
import type { AppConfig } from '../config/app-config.js';
import { InProcessWorkQueue } from '../jobs/in-process-work-queue.js';

/**
 * The job engine for the configured backend: BullMQ over the state store's Redis (or
 * cluster) with STATE_BACKEND=redis|dual, so every instance shares one queue and its
 * schedulers; an in-process runner on the file store, so `pnpm start` needs no Redis.
 *
 * @category adapters
 */
export const openWorkQueue = (config: AppConfig): WorkQueue => {
  if (config.state.backend === 'file') return new InProcessWorkQueue({ concurrency: config.jobs.concurrency });
  const connection = config.state.redisClusterNodes.length ? { cluster: config.state.redisClusterNodes } : { url: config.state.redisUrl };
  return new BullmqWorkQueue({ connection, keyPrefix: config.state.redisKeyPrefix, concurrency: config.jobs.concurrency, lockMs: config.jobs.lockMs });
};
