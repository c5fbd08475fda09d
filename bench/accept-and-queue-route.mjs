// The least a durable webhook acknowledgement can be, as the peer that issue 20's targets
// were drawn from (its "throwaway accept-and-queue route", 0.58 of the bare route on the
// machine of the day): a bare Fastify app whose POST route keeps the raw body, verifies the
// Standard Webhooks signature (the app's own authenticator), parses the JSON (the app's
// safe parse), appends the delivery to a Redis stream with one `XADD`, and answers 200;
// nothing is applied, deduplicated, audited or retained. Run as a child process, like the
// app and the bare route. Env: ACCEPT_REDIS_URL, ACCEPT_STREAM (the stream key),
// ACCEPT_SECRET (the whsec_ secret the load signs with), PORT.
import { parseJsonSafely, standardWebhooks } from '../packages/adapters-webhooks/dist/index.js';
import { createRequire } from 'node:module';

// Fastify is a dependency of app-http, ioredis of adapters-redis, not of the workspace root.
const fastify = createRequire(new URL('../packages/app-http/package.json', import.meta.url))('fastify');
const { Redis } = createRequire(new URL('../packages/adapters-redis/package.json', import.meta.url))('ioredis');

const redis = new Redis(process.env.ACCEPT_REDIS_URL);
const stream = process.env.ACCEPT_STREAM;
const authenticator = standardWebhooks([process.env.ACCEPT_SECRET]);

const app = fastify({ logger: false });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
app.post('/webhooks/:provider', async (request, reply) => {
  const rawBody = request.body;
  const verified = authenticator.verify({ rawBody, headers: request.headers, query: {}, contentType: request.headers['content-type'] }, new Date());
  if (verified.isErr()) return reply.code(401).send({ error: verified.error });
  const parsed = parseJsonSafely(rawBody);
  if (parsed.isErr()) return reply.code(200).send({ accepted: false, reason: parsed.error });
  await redis.xadd(stream, '*', 'provider', request.params.provider, 'id', request.headers['webhook-id'], 'body', rawBody);
  return { accepted: true };
});
app.get('/readyz', async () => ({ ok: true }));
await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT) });
