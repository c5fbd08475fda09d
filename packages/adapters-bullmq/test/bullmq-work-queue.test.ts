import { freePort } from '@caio/testkit';
import { workQueueContract } from '@caio/testkit/contracts';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqWorkQueue, jobsPrefix } from '../src/index.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefixes: string[] = [];
let unique = 0;

/** Removes this test's keys only (the shared Redis is never flushed). */
afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  for (const prefix of prefixes) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${jobsPrefix(prefix)}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  }
  redis.disconnect();
});

workQueueContract('BullMQ on Redis', async () => {
  const keyPrefix = `caio-wq-${process.pid}-${Date.now()}-${unique++}`;
  prefixes.push(keyPrefix);
  const options = { connection: { url: REDIS_URL }, keyPrefix, concurrency: 2, lockMs: 2_000 };
  const queue = new BullmqWorkQueue(options);
  const peer = new BullmqWorkQueue(options);
  return { queue, peer, dispose: async () => Promise.all([queue.close(), peer.close()]).then(() => undefined) };
});

describe('BullmqWorkQueue health', () => {
  it('answers unconnected, within a bounded time, when Redis does not answer', async () => {
    const port = await freePort();
    const queue = new BullmqWorkQueue({ connection: { url: `redis://127.0.0.1:${port}` }, keyPrefix: 'caio-unreachable', concurrency: 1, lockMs: 2_000 });
    const health = await queue.health();
    expect(health).toMatchObject({ engine: 'bullmq', connected: false, workers: 0 });
    expect(health.detail).toContain('did not answer');
    await queue.close();
  });
});
