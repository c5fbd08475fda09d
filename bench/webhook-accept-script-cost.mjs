// Not a suite: what the webhook accept write costs Redis. Accepts N Instantly opens (one
// delivery each, or `group` deliveries per store call) through the Redis store's
// `acceptInboxEvents` under a fresh prefix, one call at a time, and prints Redis's own
// time per call and per event (`INFO commandstats`, reset first: use a private Redis) and
// the caller's CPU per event. Usage: node bench/webhook-accept-script-cost.mjs [events] [group]
import { inboxAcceptances } from '@caio/core';
import { initializeRedisEpoch, openRedisStateStore } from '@caio/adapters-redis';
import { parseWebhookBody } from '../packages/adapters-webhooks/dist/index.js';
import { Redis } from 'ioredis';
import { deleteKeys } from './redis-cleanup.mjs';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const count = Number(process.argv[2] ?? 5000);
const group = Number(process.argv[3] ?? 1);
const prefix = `caio-accept-cost-${process.pid}`;
(await initializeRedisEpoch({ url: REDIS_URL, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
const store = (await openRedisStateStore({ url: REDIS_URL, keyPrefix: prefix }))._unsafeUnwrap();
const redis = new Redis(REDIS_URL);
let n = 0;
const ids = { next: (kind) => `${kind}_${prefix}_${n++}` };
const clock = { now: () => new Date() };
const open = (i) => {
  const body = Buffer.from(JSON.stringify({ timestamp: new Date().toISOString(), event_type: 'email_opened', workspace: 'ws', campaign_id: 'cmp-bench', lead_email: `lead${i}@bench.example`, email_id: `msg_${i}` }));
  const events = parseWebhookBody({ clay: {}, rb2b: {} }, 'instantly', body, new Date())._unsafeUnwrap();
  return inboxAcceptances({ ids, clock }, { events, trace: { traceId: `req-${i}`, actor: 'webhook:instantly', at: new Date().toISOString(), origin: 'webhook' } })._unsafeUnwrap();
};
const stats = async () => Object.fromEntries([...(await redis.info('commandstats')).matchAll(/^cmdstat_(\w+):calls=(\d+),usec=(\d+)/gm)].map(([, c, calls, usec]) => [c, { calls: Number(calls), usec: Number(usec) }]));
const batches = Array.from({ length: Math.ceil(count / group) }, (_, b) => Array.from({ length: group }, (_, j) => open(b * group + j)).flat());
// Warm the script cache.
(await store.acceptInboxEvents(open(-1)))._unsafeUnwrap();
await redis.config('RESETSTAT');
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (const batch of batches) (await store.acceptInboxEvents(batch))._unsafeUnwrap();
const wallUs = Number(process.hrtime.bigint() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const s = (await stats()).evalsha;
console.log(JSON.stringify({ events: count, group, evalshaCalls: s.calls, redisUsecPerCall: +(s.usec / s.calls).toFixed(1), redisUsecPerEvent: +(s.usec / count).toFixed(1), wallUsPerEvent: +(wallUs / count).toFixed(1), nodeCpuUsPerEvent: +((cpu.user + cpu.system) / count).toFixed(1) }));
await store.close?.();
await deleteKeys(redis, `{${prefix}:*`);
redis.disconnect();
process.exit(0);
