import { deleteKeysMatching } from '@caio/adapters-redis';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { REDIS_URL, testPrefix } from './redis-test-support.js';

describe('deleteKeysMatching', () => {
  it('deletes every key of a prefix, across many SCAN pages, and nothing else', async () => {
    const redis = new Redis(REDIS_URL);
    const gone = testPrefix();
    const kept = testPrefix();
    const pipeline = redis.pipeline();
    for (let i = 0; i < 2_500; i++) pipeline.set(`{${gone}:send}:card:${i}`, '1');
    pipeline.set(`{${gone}:audit}:log`, '1').set(`{${kept}:send}:card:1`, '1');
    await pipeline.exec();
    expect(await deleteKeysMatching(redis, `{${gone}:*`)).toBe(2_501);
    expect(await redis.exists(`{${gone}:send}:card:0`, `{${gone}:audit}:log`)).toBe(0);
    expect(await redis.get(`{${kept}:send}:card:1`)).toBe('1');
    expect(await deleteKeysMatching(redis, `{${kept}:*`)).toBe(1);
    redis.disconnect();
  });
});
