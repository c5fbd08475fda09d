import { BullmqWorkQueue } from '@caio/adapters-bullmq';
import type { WorkQueue } from '@caio/core';
import type { AppConfig } from '../config/app-config.js';
import { InProcessWorkQueue } from '../jobs/in-process-work-queue.js';
import { redisConnection } from './open-redis-backend.js';

/**
 * The job engine for the configured backend: BullMQ over the state store's Redis (or
 * cluster) with STATE_BACKEND=redis|dual, so every instance shares one queue and its
 * schedulers; an in-process runner on the file store, so `pnpm start` needs no Redis.
 *
 * @category adapters
 */
export const openWorkQueue = (config: AppConfig): WorkQueue => {
  if (config.state.backend === 'file') return new InProcessWorkQueue({ concurrency: config.jobs.concurrency });
  // The store's Redis, with its credentials and TLS (REDIS_USERNAME, REDIS_PASSWORD, REDIS_TLS*).
  const { url, cluster, username, password, tls } = redisConnection(config);
  const security = { ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}), ...(tls ? { tls } : {}) };
  const connection = cluster ? { cluster: config.state.redisClusterNodes, ...security } : { url: url ?? config.state.redisUrl, ...security };
  return new BullmqWorkQueue({ connection, keyPrefix: config.state.redisKeyPrefix, concurrency: config.jobs.concurrency, lockMs: config.jobs.lockMs });
};
