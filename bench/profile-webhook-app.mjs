// Not a suite: profiles the app child of the webhook suite under its load. Starts the app
// (Redis store, fresh prefix) with `node --cpu-prof`, drives N seconds of the opens load
// and N of the mixed load, waits for the backlog, and prints the app's CPU time (user +
// system from /proc) and its read and write system calls per request for each load, and
// Redis's `INFO commandstats` for the scripts (use a private Redis: REDIS_URL). Usage: node bench/profile-webhook-app.mjs <profile dir> [seconds]
import { signStandardWebhook } from '../packages/adapters-webhooks/dist/index.js';
import { initializeRedisEpoch } from '@caio/adapters-redis';
import { Redis } from 'ioredis';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cpuMicrosOf, startApp } from './app-process.mjs';
import { deleteKeys } from './redis-cleanup.mjs';

const autocannon = createRequire(new URL('../packages/app-http/package.json', import.meta.url))('autocannon');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = `whsec_${Buffer.from('bench-instantly-standard-webhooks').toString('base64')}`;
const OTHER = Object.fromEntries(['GHL_STANDARD_WEBHOOK_SECRET', 'HEYREACH_WEBHOOK_SECRET', 'CLAY_WEBHOOK_SECRET', 'RB2B_WEBHOOK_SECRET'].map((n) => [n, SECRET]));
const profileDir = resolve(process.argv[2] ?? join(tmpdir(), 'caio-webhook-profile'));
const seconds = Number(process.argv[3] ?? 5);

const delivery = (tag, n, effects) => {
  const id = `msg_${tag}_${n}`;
  const type = effects && n % 4 === 0 ? 'lead_unsubscribed' : 'email_opened';
  const body = JSON.stringify({ timestamp: new Date().toISOString(), event_type: type, workspace: 'ws', campaign_id: 'cmp-bench', lead_email: `lead${n}.${tag}@bench.example`, email_id: id });
  const timestamp = Math.floor(Date.now() / 1000);
  return { body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signStandardWebhook(SECRET, id, timestamp, body) } };
};
/** Read and write system calls of the process so far (/proc/<pid>/io): each socket write to Redis or to a client is one. */
const syscalls = (pid) => {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  return { reads: Number(/syscr: (\d+)/.exec(io)[1]), writes: Number(/syscw: (\d+)/.exec(io)[1]) };
};
const scriptStats = async (redis) => {
  const text = await redis.info('commandstats');
  return Object.fromEntries([...text.matchAll(/^cmdstat_(evalsha|eval|set|zcard):calls=(\d+),usec=(\d+)/gm)].map(([, c, calls, usec]) => [c, { calls: Number(calls), usec: Number(usec) }]));
};

const prefix = `caio-prof-webhooks-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'caio-prof-webhooks-'));
(await initializeRedisEpoch({ url: REDIS_URL, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
const app = await startApp({ STATE_BACKEND: 'redis', REDIS_URL, REDIS_KEY_PREFIX: prefix, STATE_DIR: dir, SEND_MODE: 'sandbox', INSTANTLY_STANDARD_WEBHOOK_SECRET: SECRET, ...OTHER, LOG_LEVEL: 'warn' }, { nodeFlags: process.env.NO_PROFILE ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] });
const redis = new Redis(REDIS_URL);
const pendingKey = `{${prefix}:audit}:inbox:pending`;
const drive = async (tag, effects, secs) => {
  let n = 0;
  const from = process.hrtime.bigint() / 1000n;
  const cpu0 = cpuMicrosOf(app.pid);
  const io0 = syscalls(app.pid);
  const stats0 = await scriptStats(redis);
  const r = await autocannon({ url: `${app.base}/webhooks/instantly`, connections: 16, duration: secs, timeout: 10, requests: [{ method: 'POST', setupRequest: (q) => ({ ...q, ...delivery(tag, n++, effects) }) }] });
  while ((await redis.zcard(pendingKey)) > 0) await new Promise((res) => setTimeout(res, 2));
  const stats1 = await scriptStats(redis);
  const cpu = cpuMicrosOf(app.pid) - cpu0;
  const io1 = syscalls(app.pid);
  const failed = r.non2xx + r.errors + r.timeouts;
  const evalsha = { calls: stats1.evalsha.calls - (stats0.evalsha?.calls ?? 0), usec: stats1.evalsha.usec - (stats0.evalsha?.usec ?? 0) };
  // Monotonic µs, the clock of the profile's timestamps: the window to read in it.
  return { tag, window: [String(from), String(process.hrtime.bigint() / 1000n)], requests: r.requests.total, failed, perSecond: Math.round(r.requests.total / secs), cpuUsPerRequest: Math.round(cpu / r.requests.total), writeCallsPerRequest: +((io1.writes - io0.writes) / r.requests.total).toFixed(2), readCallsPerRequest: +((io1.reads - io0.reads) / r.requests.total).toFixed(2), evalshaPerRequest: +(evalsha.calls / r.requests.total).toFixed(2), evalshaUsecPerCall: +(evalsha.usec / evalsha.calls).toFixed(1), redisUsecPerRequest: +(evalsha.usec / r.requests.total).toFixed(1) };
};
try {
  await drive('warm', true, 2);
  console.log(JSON.stringify(await drive('opens', false, seconds)));
  console.log(JSON.stringify(await drive('mixed', true, seconds)));
} finally {
  await app.stop();
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
  const raw = new Redis(REDIS_URL);
  await deleteKeys(raw, `{${prefix}:*`);
  raw.disconnect();
}
process.exit(0);
