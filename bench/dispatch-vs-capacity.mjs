// Dispatch of a 10,000-card batch through the core loop and the real Instantly adapter to
// the fake provider (rate limits off), as a ratio of the fake's own capacity measured by a
// plain undici loop with the same number of requests in flight, in the same run.
import { InstantlyChannel, instantlyClient } from '@caio/adapters-instantly';
import { createBatch, createCard, createLead, DEFAULT_REJECTION_TAXONOMY, DEFAULT_SEND_POLICY_CONFIG, executeBatch, initialControls, MemoryStateStore, qualityPassed, silentLogger } from '@caio/core';
import { FakeInstantly, SequentialIds } from '@caio/testkit';
import { Pool } from 'undici';

const CARDS = 10_000;
const IN_FLIGHT = 16;
const WARM_UP = 1_000;

export const run = async () => {
  const fake = await new FakeInstantly('bench-key', ['cmp-bench']).start();
  fake.setRateLimit(null);
  try {
    // Capacity: the same POST /leads bodies, one after another, through a bare pool. A
    // first pass warms the JIT, the fake's server and the pool and is not counted (the
    // dispatch side gets the same: one uncounted batch first).
    const origin = new URL(fake.baseUrl).origin;
    const pool = new Pool(origin, { connections: IN_FLIGHT });
    const rawPass = async (tag, count) => {
      let nextRaw = 0;
      const rawWorker = async () => {
        for (let i = nextRaw++; i < count; i = nextRaw++) {
          const response = await pool.request({ origin, path: '/api/v2/leads', method: 'POST', headers: { authorization: 'Bearer bench-key', 'content-type': 'application/json' }, body: JSON.stringify({ email: `${tag}${i}@bench.example`, first_name: 'Ada', personalization: 'o', campaign: 'cmp-bench', custom_variables: { subject: 's', body: 'a body long enough to pass', caio_card_id: `card_${i}` }, skip_if_in_workspace: true, skip_if_in_campaign: true }) });
          await response.body.text();
        }
      };
      const started = process.hrtime.bigint();
      await Promise.all(Array.from({ length: IN_FLIGHT }, rawWorker));
      return count / (Number(process.hrtime.bigint() - started) / 1e9);
    };
    await rawPass('warm', WARM_UP);
    const rawPerSecond = await rawPass('raw', CARDS);
    await pool.close();

    const at = new Date().toISOString();
    const store = new MemoryStateStore();
    for (let i = 0; i < WARM_UP + CARDS; i++) {
      const lead = createLead(`lead_${i}`, { email: `lead${i}@bench.example`, source: 'import', sourceLabel: 'bench', tier: 'tier_1', firstName: 'Ada' }, at)._unsafeUnwrap();
      await store.putLead(lead, null);
      const card = createCard(`card_${String(i).padStart(5, '0')}`, { leadId: lead.id, leadKeys: [`email:${lead.identity.email}`], tier: 'tier_1', channel: 'instantly', campaignId: 'cmp-bench', subject: 's', body: 'a body long enough to pass', opener: 'o' }, qualityPassed, at)._unsafeUnwrap();
      await store.putCard({ ...card, status: 'approved', approvedBy: 'bench', version: 2 }, null);
    }
    await store.putControls({ ...initialControls(at), sendWindowOverride: true, version: 1 }, 0);
    const client = instantlyClient({ apiKey: 'bench-key', baseUrl: fake.baseUrl, rateLimits: false, connections: IN_FLIGHT });
    const deps = {
      store,
      clock: { now: () => new Date() },
      ids: new SequentialIds(),
      logger: silentLogger,
      channels: { instantly: new InstantlyChannel(client) },
      policy: { ...DEFAULT_SEND_POLICY_CONFIG, dailyCap: 1e9 },
      campaigns: () => ({ instantly: new Set(['cmp-bench']) }),
      taxonomy: DEFAULT_REJECTION_TAXONOMY,
      sendGhlFirstTouchOnApprove: false,
    };
    const trace = { traceId: 'trace_bench', actor: 'bench', at, origin: 'test' };
    // Batches hold at most 1,000 items: snapshot and execute them in turn, timing the
    // execution of all but the first (the warm-up).
    const before = fake.requests.length;
    let executingNs = 0n;
    for (let i = 0; i < (WARM_UP + CARDS) / 1000; i++) {
      const batch = (await createBatch(deps, { trace, limit: 1000 }))._unsafeUnwrap();
      const t0 = process.hrtime.bigint();
      (await executeBatch(deps, { batchId: batch.id, dryRun: false, trace, concurrency: IN_FLIGHT }))._unsafeUnwrap();
      if (i > 0) executingNs += process.hrtime.bigint() - t0;
    }
    const dispatchPerSecond = CARDS / (Number(executingNs) / 1e9);
    await client.close();
    const sent = fake.requests.length - before;
    if (sent !== WARM_UP + CARDS) throw new Error(`expected ${WARM_UP + CARDS} provider requests, saw ${sent}`);
    return { dispatch_vs_fake_capacity: { dispatchPerSecond: Math.round(dispatchPerSecond), rawPerSecond: Math.round(rawPerSecond), inFlight: IN_FLIGHT, ratio: dispatchPerSecond / rawPerSecond, target: 0.8 } };
  } finally {
    await fake.stop();
  }
};
