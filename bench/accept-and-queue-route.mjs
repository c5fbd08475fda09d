// The least a durable webhook acknowledgement can be, as the peer that issue 20's targets
// were drawn from (its "throwaway accept-and-queue route", 0.58 of the bare route on the
// machine of the day): a bare Fastify app whose POST route keeps the raw body, verifies the
// Standard Webhooks signature (the app's own authenticator), parses the JSON (the app's
// safe parse), appends the delivery to a Redis stream with one `XADD`, and answers 200;
// nothing is applied, deduplicated, audited or retained. Run as a child process, like the
// app and the bare route. Env: ACCEPT_REDIS_URL, ACCEPT_STREAM (the stream key),
// ACCEPT_SECRET (the whsec_ secret the load signs with), PORT.
//
// ACCEPT_MODE adds the app's own pieces one at a time, for `webhook-cost-ladder.mjs`:
// `map` also maps the body into domain events (the Instantly parser, stable event ids) and
// builds the inbox acceptances (an open's closing audit entry included), and appends those
// instead of the raw body; `store` records the acceptances with the Redis store's
// `acceptInboxEvents` (the inbox script) behind the app's group commit, under
// STORE_PREFIX (an initialised epoch), instead of the `XADD`.
import { parseJsonSafely, parseWebhookBody, standardWebhooks } from '../packages/adapters-webhooks/dist/index.js';
import { openRedisStateStore } from '@caio/adapters-redis';
import { inboxAcceptances } from '@caio/core';
import { createRequire } from 'node:module';
import { groupCommitAccepts } from '../packages/app-http/dist/composition/accept-group-commit.js';
import { TimeSortedIds } from '../packages/app-http/dist/composition/time-sorted-ids.js';

// Fastify is a dependency of app-http, ioredis of adapters-redis, not of the workspace root.
const fastify = createRequire(new URL('../packages/app-http/package.json', import.meta.url))('fastify');
const { Redis } = createRequire(new URL('../packages/adapters-redis/package.json', import.meta.url))('ioredis');

const mode = process.env.ACCEPT_MODE ?? 'xadd';
const redis = new Redis(process.env.ACCEPT_REDIS_URL);
const stream = process.env.ACCEPT_STREAM;
const authenticator = standardWebhooks([process.env.ACCEPT_SECRET]);
const clock = { now: () => new Date() };
const ids = new TimeSortedIds();
// Only Clay and RB2B bodies read these; the ladder posts Instantly deliveries.
const PARSE_OPTIONS = { clay: {}, rb2b: {} };
const store = mode === 'store' ? (await openRedisStateStore({ url: process.env.ACCEPT_REDIS_URL, keyPrefix: process.env.STORE_PREFIX }))._unsafeUnwrap() : null;
const accept = store ? groupCommitAccepts((events) => store.acceptInboxEvents(events)) : null;

/** The delivery's acceptances as the app's route builds them (`map` and `store`). */
const acceptancesOf = (provider, rawBody, now) => {
  const events = parseWebhookBody(PARSE_OPTIONS, provider, rawBody, now);
  if (events.isErr()) return events;
  const trace = { traceId: `trace_${ids.next('t')}`, actor: `webhook:${provider}`, at: now.toISOString(), origin: 'webhook' };
  return inboxAcceptances({ ids, clock }, { events: events.value, trace });
};

const app = fastify({ logger: false });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
app.post('/webhooks/:provider', async (request, reply) => {
  const rawBody = request.body;
  const now = clock.now();
  const verified = authenticator.verify({ rawBody, headers: request.headers, query: {}, contentType: request.headers['content-type'] }, now);
  if (verified.isErr()) return reply.code(401).send({ error: verified.error });
  if (mode === 'xadd') {
    const parsed = parseJsonSafely(rawBody);
    if (parsed.isErr()) return reply.code(200).send({ accepted: false, reason: parsed.error });
    await redis.xadd(stream, '*', 'provider', request.params.provider, 'id', request.headers['webhook-id'], 'body', rawBody);
    return { accepted: true };
  }
  const acceptances = acceptancesOf(request.params.provider, rawBody, now);
  if (acceptances.isErr()) return reply.code(200).send({ accepted: false, reason: String(acceptances.error) });
  if (mode === 'map') {
    await redis.xadd(stream, '*', 'acceptances', JSON.stringify(acceptances.value));
    return { accepted: true };
  }
  const verdicts = await accept(acceptances.value);
  if (verdicts.isErr()) return reply.code(503).send({ error: verdicts.error._tag });
  return { accepted: true, verdicts: verdicts.value };
});
app.get('/readyz', async () => ({ ok: true }));
await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT) });
