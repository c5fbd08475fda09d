// Not a suite: the CPU the webhook figures' peer costs. Starts the bare route of
// `webhook-ingest-vs-bare-route.mjs` (a Fastify route that only parses the JSON), drives it
// with the same signed Instantly opens for 4 s three times (the first a warm-up), and prints
// requests per second, the bare server's CPU per request (user + system from /proc) and the
// load generator's own (this process: autocannon building and signing each request). Set
// beside the app's CPU per delivery (`profile-webhook-app.mjs`), it says what bounds
// `webhook_ack_vs_bare_route` when the machine's cores are the limit.
// Usage: node bench/bare-route-cpu.mjs
import { signStandardWebhook } from '../packages/adapters-webhooks/dist/index.js';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cpuMicrosOf, startApp } from './app-process.mjs';

const autocannon = createRequire(new URL('../packages/app-http/package.json', import.meta.url))('autocannon');
const SECRET = `whsec_${Buffer.from('bench-instantly-standard-webhooks').toString('base64')}`;

/** The suite's open: a new event (id, body, Standard Webhooks signature) each time. */
const delivery = (tag, n) => {
  const id = `msg_${tag}_${n}`;
  const body = JSON.stringify({ timestamp: new Date().toISOString(), event_type: 'email_opened', workspace: 'ws', campaign_id: 'cmp-bench', lead_email: `lead${n}.${tag}@bench.example`, email_id: id });
  const timestamp = Math.floor(Date.now() / 1000);
  return { body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signStandardWebhook(SECRET, id, timestamp, body) } };
};

const bare = await startApp({}, { script: fileURLToPath(new URL('./bare-json-route.mjs', import.meta.url)), args: [] });
try {
  for (const tag of ['warm', 'a', 'b']) {
    let n = 0;
    const server0 = cpuMicrosOf(bare.pid);
    const own0 = process.cpuUsage();
    const result = await autocannon({ url: `${bare.base}/webhooks/instantly`, connections: 16, duration: 4, requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, ...delivery(tag, n++) }) }] });
    const own = process.cpuUsage(own0);
    const requests = result.requests.total;
    console.log(JSON.stringify({ tag, perSecond: Math.round(requests / 4), bareServerCpuUsPerRequest: Math.round((cpuMicrosOf(bare.pid) - server0) / requests), loadGeneratorCpuUsPerRequest: Math.round((own.user + own.system) / requests) }));
  }
} finally {
  await bare.stop();
}
process.exit(0);
