// Signed webhook ingest of the real app (Redis store) as a ratio of a bare Fastify route
// that only parses the same JSON. Both run as child processes on loopback and are driven
// by the same autocannon load: same connections, same duration, and every request a new
// event (new id, new body, fresh Standard Webhooks signature).
import { signStandardWebhook } from '../packages/adapters-webhooks/dist/index.js';
import { initializeRedisEpoch } from '@caio/adapters-redis';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from './app-process.mjs';
import { deleteKeys } from './redis-cleanup.mjs';

const autocannon = createRequire(new URL('../packages/app-http/package.json', import.meta.url))('autocannon');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = `whsec_${Buffer.from('bench-instantly-standard-webhooks').toString('base64')}`;
// Once one webhook credential is set, every provider needs its own (the app refuses to start otherwise).
const OTHER_PROVIDERS = Object.fromEntries(['GHL_STANDARD_WEBHOOK_SECRET', 'HEYREACH_WEBHOOK_SECRET', 'CLAY_WEBHOOK_SECRET', 'RB2B_WEBHOOK_SECRET'].map((name) => [name, SECRET]));
// Fixed durations, not request counts: autocannon only notices the last request at its 1 s tick.
const SECONDS = 4;
const CONNECTIONS = 16;
const ROUNDS = 2;

/** An Instantly `email_opened` delivery for a new lead each time (so each one is a new event to store). */
const delivery = (tag, n) => {
  const id = `msg_${tag}_${n}`;
  const body = JSON.stringify({ timestamp: new Date().toISOString(), event_type: 'email_opened', workspace: 'ws', campaign_id: 'cmp-bench', lead_email: `lead${n}.${tag}@bench.example`, email_id: id });
  const timestamp = Math.floor(Date.now() / 1000);
  return { body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signStandardWebhook(SECRET, id, timestamp, body) } };
};

/** Requests per second answered during `seconds` of load; refuses the figure if any answer was not 2xx. */
const load = async (base, tag, seconds = SECONDS) => {
  let n = 0;
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url: `${base}/webhooks/instantly`,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, ...delivery(tag, n++) }) }],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${tag}: ${failed} of ${result.requests.sent} requests did not get a 2xx answer`);
  return result.requests.total / (Number(process.hrtime.bigint() - started) / 1e9);
};

export const run = async () => {
  const prefix = `caio-bench-webhooks-${process.pid}-${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), 'caio-bench-webhooks-'));
  // A fresh prefix has no epoch marker, which keeps the app unready: initialise it as `caio state init` would.
  (await initializeRedisEpoch({ url: REDIS_URL, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
  const app = await startApp({ STATE_BACKEND: 'redis', REDIS_URL, REDIS_KEY_PREFIX: prefix, STATE_DIR: dir, SEND_MODE: 'sandbox', INSTANTLY_STANDARD_WEBHOOK_SECRET: SECRET, ...OTHER_PROVIDERS, LOG_LEVEL: 'warn' });
  const bareScript = { script: fileURLToPath(new URL('./bare-json-route.mjs', import.meta.url)), args: [] };
  const bare = await startApp({}, bareScript);
  // The same bare route plus one Redis round trip per request (SET NX of the delivery id).
  const bareRedis = await startApp({ BARE_REDIS_URL: REDIS_URL, BARE_REDIS_PREFIX: `{${prefix}:bare}` }, bareScript);
  try {
    // One delivery by hand first: the figure only counts if the app really verifies, stores and applies it.
    const probe = delivery('probe', 0);
    const answer = await fetch(`${app.base}/webhooks/instantly`, { method: 'POST', headers: probe.headers, body: probe.body });
    const answered = await answer.json();
    if (answer.status !== 200 || answered.applied !== 1) throw new Error(`the app did not apply a signed delivery: ${answer.status} ${JSON.stringify(answered)}`);
    // Warm both (JIT, connections, Redis scripts) with a short load that is not counted.
    await load(app.base, 'warm', 2);
    await load(bare.base, 'warmbare', 2);
    await load(bareRedis.base, 'warmbareredis', 2);
    const appRates = [];
    const bareRates = [];
    const bareRedisRates = [];
    for (let round = 0; round < ROUNDS; round++) {
      bareRates.push(await load(bare.base, `bare${round}`));
      bareRedisRates.push(await load(bareRedis.base, `bareredis${round}`));
      appRates.push(await load(app.base, `app${round}`));
    }
    const best = (values) => Math.max(...values);
    const ingest = best(appRates);
    const baseline = best(bareRates);
    const oneRoundTrip = best(bareRedisRates);
    return {
      webhook_ingest_vs_bare_route: { ingestPerSecond: Math.round(ingest), bareRoutePerSecond: Math.round(baseline), connections: CONNECTIONS, seconds: SECONDS, ratio: ingest / baseline, target: 0.5 },
      // No target: the ceiling that one Redis round trip per request leaves on this machine.
      bare_route_with_one_redis_write_vs_bare_route: { perSecond: Math.round(oneRoundTrip), bareRoutePerSecond: Math.round(baseline), ratio: oneRoundTrip / baseline },
      webhook_ingest_vs_bare_route_with_one_redis_write: { ingestPerSecond: Math.round(ingest), perSecond: Math.round(oneRoundTrip), ratio: ingest / oneRoundTrip },
    };
  } finally {
    await Promise.all([app.stop(), bare.stop(), bareRedis.stop()]);
    rmSync(dir, { recursive: true, force: true });
    const raw = new Redis(REDIS_URL);
    await deleteKeys(raw, `{${prefix}:*`);
    raw.disconnect();
  }
};
