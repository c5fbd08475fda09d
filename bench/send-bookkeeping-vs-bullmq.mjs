// The whole bookkeeping of one send on Redis (`claimSend` then `recordOutcome`) per second,
// as a ratio of BullMQ's own take-and-complete step: a Worker with an empty processor
// draining a filled queue over the same Redis, with the same ioredis, at the same number in
// flight. Both are "take one unit of work atomically, then mark it done" on one Redis; the
// claim makes some twenty checks more than BullMQ's take.
import { failClosedOptions, initializeRedisEpoch, openRedisStateStore } from '@caio/adapters-redis';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { redisCpuMicros, throughput } from './measure.mjs';
import { claimRequest, seedCards, sentOutcome } from './redis-bench-cards.mjs';
import { deleteKeys } from './redis-cleanup.mjs';

const URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const N = 2000;
const ROUNDS = 5;

/** Redis's own CPU for what `work` sends, in µs. Both sides run on the same server, so the two say which asks Redis for more. */
const redisMicros = async (admin, work) => {
  const before = await redisCpuMicros(admin);
  const result = await work();
  return { result, usec: (await redisCpuMicros(admin)) - before };
};

/** Claim and outcome of `N` fresh cards, `inFlight` at a time: sends per second, and Redis µs per send. */
const bookkeeping = async (store, admin, tag, inFlight) => {
  const cards = await seedCards(store, tag, N);
  const { result, usec } = await redisMicros(admin, () =>
    throughput(N, inFlight, async (i) => {
      (await store.claimSend(claimRequest(cards[i], `bench-${tag}`)))._unsafeUnwrap();
      (await store.recordOutcome(sentOutcome(cards[i])))._unsafeUnwrap();
    }),
  );
  return { perSecond: result, redisUs: usec / N };
};

/** `N` jobs added first (not timed), then a Worker with an empty processor: jobs completed per second, and Redis µs per job. */
const bullmqJobs = async (admin, prefix, name, inFlight) => {
  const { hostname, port } = new globalThis.URL(URL);
  const connection = { host: hostname, port: Number(port || 6379), maxRetriesPerRequest: null };
  const queue = new Queue(name, { connection, prefix });
  await queue.addBulk(Array.from({ length: N }, (_, i) => ({ name: 'send', data: { i }, opts: { removeOnComplete: true } })));
  const worker = new Worker(name, async () => undefined, { connection, prefix, concurrency: inFlight, autorun: false });
  await worker.waitUntilReady();
  let completed = 0;
  const done = new Promise((resolve) => worker.on('completed', () => ++completed === N && resolve()));
  const { result: perSecond, usec } = await redisMicros(admin, async () => {
    const started = process.hrtime.bigint();
    void worker.run();
    await done;
    return N / (Number(process.hrtime.bigint() - started) / 1e9);
  });
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { perSecond, redisUs: usec / N };
};

const medianOf = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export const run = async () => {
  const prefix = `caio-bench-bk:${process.pid}:${Date.now()}`;
  (await initializeRedisEpoch({ url: URL, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
  const store = (await openRedisStateStore({ url: URL, keyPrefix: prefix }))._unsafeUnwrap();
  const admin = new Redis(URL, failClosedOptions({ url: URL }));
  await admin.connect();
  const results = {};
  try {
    for (const inFlight of [1, 64]) {
      // Alternating round by round, so a busier phase of the shared machine hits both
      // sides of a ratio; the median ratio of the rounds is the figure.
      const sends = [];
      const jobs = [];
      for (let round = 0; round < ROUNDS; round++) {
        sends.push(await bookkeeping(store, admin, `b${inFlight}_${round}`, inFlight));
        jobs.push(await bullmqJobs(admin, `${prefix}:bullmq`, `jobs-${inFlight}-${round}`, inFlight));
      }
      results[`send_bookkeeping_vs_bullmq_job_${inFlight === 1 ? 'sequential' : '64_in_flight'}`] = {
        sendsPerSecond: Math.round(medianOf(sends.map((s) => s.perSecond))),
        bullmqJobsPerSecond: Math.round(medianOf(jobs.map((j) => j.perSecond))),
        // What bounds the figure: Redis's CPU per send (claim + outcome scripts) and per job.
        redisUsPerSend: Math.round(medianOf(sends.map((s) => s.redisUs))),
        redisUsPerBullmqJob: Math.round(medianOf(jobs.map((j) => j.redisUs))),
        ratio: medianOf(sends.map((v, i) => v.perSecond / jobs[i].perSecond)),
        target: 1.0,
      };
    }
  } finally {
    admin.disconnect();
    await store.close();
    const raw = new Redis(URL, failClosedOptions({ url: URL }));
    await raw.connect();
    await deleteKeys(raw, `{${prefix}:*`, `${prefix}:*`);
    raw.disconnect();
  }
  return results;
};
