// Dispatch of a 10,000-card batch through the core loop and the real Instantly adapter to
// the fake provider (rate limits off), as a ratio of the fake's own capacity measured by a
// plain undici loop with the same number of requests in flight, in the same run.
//
// The fake runs in a process of its own (`fake-instantly-process.mjs`), as a provider is
// another machine: both clients then meet the same server and neither pays its CPU. The
// same measurement with the fake inside the dispatching process is printed too, without a
// target: there the dispatcher's event loop also serves every provider request.
import { InstantlyChannel, instantlyClient } from '@caio/adapters-instantly';
import { createBatch, createCard, createLead, DEFAULT_REJECTION_TAXONOMY, DEFAULT_SEND_POLICY_CONFIG, executeBatch, initialControls, MemoryStateStore, qualityPassed, silentLogger } from '@caio/core';
import { FakeInstantly, SequentialIds } from '@caio/testkit';
import { fakeInOwnProcess } from './fake-instantly-client.mjs';
import { Pool } from 'undici';

const CARDS = 10_000;
const IN_FLIGHT = 16;
const WARM_UP = 1_000;
const KEY = 'bench-key';
const CAMPAIGN = 'cmp-bench';

/** The fake inside this process. */
const fakeInThisProcess = async () => {
  const fake = await new FakeInstantly(KEY, [CAMPAIGN]).start();
  fake.setRateLimit(null);
  return { baseUrl: fake.baseUrl, count: async () => fake.requests.length, stop: () => fake.stop() };
};

/** The same POST /leads bodies, IN_FLIGHT at a time, through a bare pool: requests per second. */
const capacity = async (baseUrl) => {
  const origin = new URL(baseUrl).origin;
  const pool = new Pool(origin, { connections: IN_FLIGHT });
  const pass = async (tag, count) => {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < count; i = next++) {
        const response = await pool.request({ origin, path: '/api/v2/leads', method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: `${tag}${i}@bench.example`, first_name: 'Ada', personalization: 'o', campaign: CAMPAIGN, custom_variables: { subject: 's', body: 'a body long enough to pass', caio_card_id: `card_${i}` }, skip_if_in_workspace: true, skip_if_in_campaign: true }) });
        await response.body.text();
      }
    };
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    return count / (Number(process.hrtime.bigint() - started) / 1e9);
  };
  // A first pass warms the JIT, the fake's server and the pool and is not counted (the
  // dispatch side gets the same: one uncounted batch first).
  await pass('warm', WARM_UP);
  const perSecond = await pass('raw', CARDS);
  await pool.close();
  return perSecond;
};

/** WARM_UP + CARDS approved cards dispatched in batches of 1,000; cards per second, first batch not counted. */
const dispatch = async (fake) => {
  const at = new Date().toISOString();
  const store = new MemoryStateStore();
  for (let i = 0; i < WARM_UP + CARDS; i++) {
    const lead = createLead(`lead_${i}`, { email: `lead${i}@bench.example`, source: 'import', sourceLabel: 'bench', tier: 'tier_1', firstName: 'Ada' }, at)._unsafeUnwrap();
    await store.putLead(lead, null);
    const card = createCard(`card_${String(i).padStart(5, '0')}`, { leadId: lead.id, leadKeys: [`email:${lead.identity.email}`], tier: 'tier_1', channel: 'instantly', campaignId: CAMPAIGN, subject: 's', body: 'a body long enough to pass', opener: 'o' }, qualityPassed, at)._unsafeUnwrap();
    await store.putCard({ ...card, status: 'approved', approvedBy: 'bench', version: 2 }, null);
  }
  await store.putControls({ ...initialControls(at), sendWindowOverride: true, version: 1 }, 0);
  const client = instantlyClient({ apiKey: KEY, baseUrl: fake.baseUrl, rateLimits: false, connections: IN_FLIGHT });
  const deps = {
    store,
    clock: { now: () => new Date() },
    ids: new SequentialIds(),
    logger: silentLogger,
    channels: { instantly: new InstantlyChannel(client) },
    policy: { ...DEFAULT_SEND_POLICY_CONFIG, dailyCap: 1e9 },
    campaigns: () => ({ instantly: new Set([CAMPAIGN]) }),
    taxonomy: DEFAULT_REJECTION_TAXONOMY,
    sendGhlFirstTouchOnApprove: false,
  };
  const trace = { traceId: 'trace_bench', actor: 'bench', at, origin: 'test' };
  const before = await fake.count();
  let executingNs = 0n;
  // Batches hold at most 1,000 items: snapshot and execute them in turn, timing execution only.
  for (let i = 0; i < (WARM_UP + CARDS) / 1000; i++) {
    const batch = (await createBatch(deps, { trace, limit: 1000 }))._unsafeUnwrap();
    const t0 = process.hrtime.bigint();
    (await executeBatch(deps, { batchId: batch.id, dryRun: false, trace, concurrency: IN_FLIGHT }))._unsafeUnwrap();
    if (i > 0) executingNs += process.hrtime.bigint() - t0;
  }
  await client.close();
  const sent = (await fake.count()) - before;
  if (sent !== WARM_UP + CARDS) throw new Error(`expected ${WARM_UP + CARDS} provider requests, saw ${sent}`);
  return CARDS / (Number(executingNs) / 1e9);
};

const measure = async (startFake) => {
  const fake = await startFake();
  try {
    const rawPerSecond = await capacity(fake.baseUrl);
    const dispatchPerSecond = await dispatch(fake);
    return { dispatchPerSecond: Math.round(dispatchPerSecond), rawPerSecond: Math.round(rawPerSecond), inFlight: IN_FLIGHT, ratio: dispatchPerSecond / rawPerSecond };
  } finally {
    await fake.stop();
  }
};

export const run = async () => ({
  dispatch_vs_fake_capacity: { ...(await measure(() => fakeInOwnProcess(KEY, CAMPAIGN))), target: 0.8 },
  dispatch_vs_fake_capacity_fake_in_process: await measure(fakeInThisProcess),
});
