// Embedding @caio/core in your own service, with the in-memory adapters of @caio/testkit.
// Run it: `pnpm build && node docs/examples/embed-core.mjs` (the test suite runs it too).
// In production you would pass the file or Redis store and the provider channels instead.
import {
  approveCard,
  createBatch,
  createCard,
  DEFAULT_QUALITY_CONFIG,
  DEFAULT_REJECTION_TAXONOMY,
  DEFAULT_SEND_POLICY_CONFIG,
  executeBatch,
  runQualityGate,
  setEmergencyStop,
  silentLogger,
  traceQueue,
  upsertLead,
} from '@caio/core';
import { FakeChannel, InMemoryStateStore, ManualClock, SequentialIds } from '@caio/testkit';

/** Runs a short supervised day and returns what happened, line by line. */
export const main = async (print = console.log) => {
  // Monday 2 March 2026, 15:30 in New York: inside the default 15:00-17:00 send window.
  const clock = new ManualClock('2026-03-02T20:30:00.000Z');
  const ghl = new FakeChannel('ghl_email');
  const deps = {
    store: new InMemoryStateStore(() => clock.now()),
    clock,
    ids: new SequentialIds(),
    logger: silentLogger,
    channels: { ghl_email: ghl },
    policy: DEFAULT_SEND_POLICY_CONFIG,
    campaigns: () => ({}),
    taxonomy: DEFAULT_REJECTION_TAXONOMY,
    sendGhlFirstTouchOnApprove: true,
  };
  const trace = (actor) => ({ traceId: `trace_${actor}`, actor, at: clock.now().toISOString(), origin: 'cli' });

  const { lead } = (
    await upsertLead(
      deps,
      { email: 'Ada@Acme.example', linkedinUrl: 'https://uk.linkedin.com/in/ada-lovelace/?trk=x', source: 'clay', sourceLabel: 'acme', tier: 'tier_1', firstName: 'Ada', company: 'Acme' },
      trace('clay'),
    )
  )._unsafeUnwrap();
  print(`lead ${lead.id}: ${lead.identity.email}, ${lead.identity.linkedin}`);

  const draft = {
    leadId: lead.id,
    leadKeys: [`email:${lead.identity.email}`, `linkedin:${lead.identity.linkedin}`],
    tier: lead.tier,
    channel: 'ghl_email',
    subject: 'An idea for Acme',
    body: 'Hi Ada, noticed Acme already uses 6sense and Adobe, which usually makes implementation move faster.',
    opener: 'Noticed Acme already uses 6sense and Adobe.',
  };
  const card = createCard('card_1', draft, runQualityGate(draft, DEFAULT_QUALITY_CONFIG), clock.now().toISOString())._unsafeUnwrap();
  await deps.store.putCard(card, null);
  print(`card ${card.id}: quality gate ${card.quality.passed ? 'passed' : 'failed'}`);

  const queue = (await traceQueue(deps, { approvalSlaMinutes: 120, inDoubtAfterMs: 2 * 60_000 }))._unsafeUnwrap();
  print(`queue: ${queue.total_pending} pending, ${queue.ready_for_live_send} ready for live send`);

  const approval = (await approveCard(deps, { cardId: card.id, trace: trace('head-of-sales') }))._unsafeUnwrap();
  print(`approve ${card.id}: ${approval.send?._tag === 'Sent' ? 'Email sent via GHL' : JSON.stringify(approval.send)}`);

  const again = await approveCard(deps, { cardId: card.id, trace: trace('head-of-sales') });
  print(`approve again: ${again.isErr() ? again.error._tag : 'ok'}; provider calls so far: ${ghl.calls.length}`);

  await setEmergencyStop(deps, { engaged: true, reason: 'complaint received', trace: trace('ops') });
  const { lead: grace } = (
    await upsertLead(deps, { email: 'grace@northwind.example', source: 'clay', sourceLabel: 'acme', tier: 'tier_1', firstName: 'Grace', company: 'Northwind' }, trace('clay'))
  )._unsafeUnwrap();
  const second = createCard(
    'card_2',
    { ...draft, leadId: grace.id, leadKeys: [`email:${grace.identity.email}`], body: 'Hi Grace, saw Northwind is hiring SDRs, which often means outbound is scaling.' },
    { passed: true, hits: [] },
    clock.now().toISOString(),
  )._unsafeUnwrap();
  await deps.store.putCard({ ...second, status: 'approved', approvedBy: 'head-of-sales', version: 2 }, null);
  const batch = (await createBatch(deps, { trace: trace('ops') }))._unsafeUnwrap();
  const run = (await executeBatch(deps, { batchId: batch.id, dryRun: false, trace: trace('ops') }))._unsafeUnwrap();
  print(`batch ${batch.id} under the emergency stop: ${run.outcomes.map((o) => `${o.cardId} ${o.result} (${o.detail})`).join('; ')}`);
  print(`provider calls in total: ${ghl.calls.length}`);
};

if (import.meta.url === `file://${process.argv[1]}`) await main();
