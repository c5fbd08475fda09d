// Not a suite: what the webhook applier costs per event with effects. Accepts N Instantly
// unsubscribes (a new person each) into the Redis store under a fresh prefix, then applies
// them with `applyPendingWebhookEvents` at the given concurrency (1: one event at a time, so
// its round trips cannot share a write with another event's), and prints per applied event:
// wall time, this process's CPU, its write and read system calls (/proc/self/io: each
// socket write to Redis, each read of its replies) and Redis's commands (`INFO
// commandstats`, reset first: use a private Redis), and the store operations it called.
// Usage: node bench/webhook-apply-round-trips.mjs [events] [concurrency]
import { acceptWebhookEvents, applyPendingWebhookEvents } from '@caio/core';
import { initializeRedisEpoch, openRedisStateStore } from '@caio/adapters-redis';
import { parseWebhookBody } from '../packages/adapters-webhooks/dist/index.js';
import { parseStoredEvent } from '../packages/app-http/dist/composition/stored-event.js';
import { Redis } from 'ioredis';
import { readFileSync } from 'node:fs';
import { deleteKeys } from './redis-cleanup.mjs';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const count = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 1);
const prefix = `caio-apply-cost-${process.pid}`;
(await initializeRedisEpoch({ url: REDIS_URL, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
const store = (await openRedisStateStore({ url: REDIS_URL, keyPrefix: prefix }))._unsafeUnwrap();
const redis = new Redis(REDIS_URL);
let n = 0;
/** Store operations the applier called: a proxy counts calls by name while the passes run (not the accepting before them). */
const calls = {};
let counting = false;
const counted = new Proxy(store, {
  get(target, name) {
    const value = target[name];
    if (typeof value !== 'function') return value;
    return (...args) => {
      if (counting) calls[name] = (calls[name] ?? 0) + 1;
      return value.apply(target, args);
    };
  },
});
const deps = { store: counted, ids: { next: (kind) => `${kind}_${prefix}_${n++}` }, clock: { now: () => new Date() } };
const trace = (i) => ({ traceId: `req-${i}`, actor: 'webhook:instantly', at: new Date().toISOString(), origin: 'webhook' });
const unsubscribe = (i) => {
  const body = Buffer.from(JSON.stringify({ timestamp: new Date().toISOString(), event_type: 'lead_unsubscribed', workspace: 'ws', campaign_id: 'cmp-bench', lead_email: `lead${i}@bench.example`, email_id: `msg_${i}` }));
  return parseWebhookBody({ clay: {}, rb2b: {} }, 'instantly', body, new Date())._unsafeUnwrap();
};
const io = () => {
  const text = readFileSync('/proc/self/io', 'utf8');
  return { reads: Number(/syscr: (\d+)/.exec(text)[1]), writes: Number(/syscw: (\d+)/.exec(text)[1]) };
};
const commands = async () => [...(await redis.info('commandstats')).matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)].reduce((sum, [, , calls]) => sum + Number(calls), 0);
for (let i = 0; i < count; i += 50) (await acceptWebhookEvents(deps, { events: Array.from({ length: Math.min(50, count - i) }, (_, j) => unsubscribe(i + j)).flat(), trace: trace(i) }))._unsafeUnwrap();
await redis.config('RESETSTAT');
const io0 = io();
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
counting = true;
let applied = 0;
for (;;) {
  const pass = (await applyPendingWebhookEvents(deps, { parse: parseStoredEvent, trace: trace('applier'), concurrency }))._unsafeUnwrap();
  if (pass.failure) throw new Error(pass.failure._tag);
  applied += pass.applied;
  if (pass.applied === 0) break;
}
counting = false;
const wallUs = Number(process.hrtime.bigint() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const io1 = io();
// Redis's own INFO and RESETSTAT calls are not the applier's.
const redisCommands = (await commands()) - 1;
if (process.env.SHOW_COMMANDS) console.log((await redis.info("commandstats")).split("\n").filter((l) => l.startsWith("cmdstat")).join("\n"));
const per = (x) => +(x / applied).toFixed(2);
console.log(JSON.stringify({ applied, concurrency, wallUsPerEvent: per(wallUs), cpuUsPerEvent: per(cpu.user + cpu.system), writeCallsPerEvent: per(io1.writes - io0.writes), readCallsPerEvent: per(io1.reads - io0.reads), redisCommandsPerEvent: per(redisCommands), storeCallsPerEvent: Object.fromEntries(Object.entries(calls).map(([name, n]) => [name, per(n)])) }));
await store.close?.();
await deleteKeys(redis, `{${prefix}:*`);
redis.disconnect();
process.exit(0);
