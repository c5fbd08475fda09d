// The baselines of the webhook figure: a bare Fastify app whose one POST route only lets
// Fastify parse the JSON body and answers 200. Run as a child process, like the app.
// With BARE_REDIS_URL set, the route also writes the delivery's id to Redis with one
// `SET NX` before answering: the least any durable idempotency costs (one round trip),
// which shows how much of the app's gap to the bare route that round trip is by itself.
import { createRequire } from 'node:module';

// Fastify is a dependency of app-http, ioredis of adapters-redis, not of the workspace root.
const fastify = createRequire(new URL('../packages/app-http/package.json', import.meta.url))('fastify');
const { Redis } = createRequire(new URL('../packages/adapters-redis/package.json', import.meta.url))('ioredis');

const redisUrl = process.env.BARE_REDIS_URL;
const prefix = process.env.BARE_REDIS_PREFIX ?? 'caio-bench-bare';
const redis = redisUrl ? new Redis(redisUrl) : null;

const app = fastify({ logger: false });
app.post('/webhooks/:provider', async (request) => {
  const received = typeof request.body === 'object' && request.body !== null;
  if (redis) await redis.set(`${prefix}:${request.headers['webhook-id']}`, '1', 'PX', 600_000, 'NX');
  return { received };
});
app.get('/readyz', async () => ({ ok: true }));
await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT) });
