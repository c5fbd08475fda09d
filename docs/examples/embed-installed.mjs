// Embedding @caio/core as installed from a registry, with nothing but core: its reference
// MemoryStateStore and a channel written in a few lines. The registry install test
// (packages/app-http/test/registry-install.process.test.ts) runs this file from a folder
// where `npm install @caio/core @caio/app-http` was the only preparation.
import { approveCard, createCard, DEFAULT_QUALITY_CONFIG, DEFAULT_REJECTION_TAXONOMY, DEFAULT_SEND_POLICY_CONFIG, MemoryStateStore, runQualityGate, silentLogger, upsertLead } from '@caio/core';
import { okAsync } from 'neverthrow';

// Monday 2 March 2026, 15:30 in New York: inside the default 15:00-17:00 send window.
const clock = { now: () => new Date('2026-03-02T20:30:00.000Z') };
let counter = 0;
const sent = [];
/** Your provider goes here; this one records what it was asked to deliver. */
const channel = {
  channel: 'ghl_email',
  sandbox: false,
  send: (request) => {
    sent.push(request.card.id);
    return okAsync({ providerMessageId: `msg-${sent.length}` });
  },
};
const deps = {
  store: new MemoryStateStore(() => clock.now()),
  clock,
  ids: { next: (prefix) => `${prefix}_${String(++counter).padStart(6, '0')}` },
  logger: silentLogger,
  channels: { ghl_email: channel },
  policy: DEFAULT_SEND_POLICY_CONFIG,
  campaigns: () => ({}),
  taxonomy: DEFAULT_REJECTION_TAXONOMY,
  sendGhlFirstTouchOnApprove: true,
};
const trace = (actor) => ({ traceId: `trace_${actor}`, actor, at: clock.now().toISOString(), origin: 'cli' });

const { lead } = (await upsertLead(deps, { email: 'ada@acme.example', source: 'clay', sourceLabel: 'acme', tier: 'tier_1', firstName: 'Ada', company: 'Acme' }, trace('clay')))._unsafeUnwrap();
const draft = {
  leadId: lead.id,
  leadKeys: [`email:${lead.identity.email}`],
  tier: lead.tier,
  channel: 'ghl_email',
  subject: 'An idea for Acme',
  body: 'Hi Ada, noticed Acme already uses 6sense and Adobe, which usually makes implementation move faster.',
  opener: 'Noticed Acme already uses 6sense and Adobe.',
};
const card = createCard('card_1', draft, runQualityGate(draft, DEFAULT_QUALITY_CONFIG), clock.now().toISOString())._unsafeUnwrap();
await deps.store.putCard(card, null);
const first = (await approveCard(deps, { cardId: card.id, trace: trace('head-of-sales') }))._unsafeUnwrap();
const again = await approveCard(deps, { cardId: card.id, trace: trace('head-of-sales') });
console.log(`first approval: ${first.send?._tag}; second approval: ${again.isErr() ? again.error._tag : 'ok'}; deliveries: ${sent.length}`);
