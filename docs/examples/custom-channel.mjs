// A new outbound channel, added by an adapter without editing core: a WhatsApp channel
// that may open a conversation but never after an e-mail first touch, and an SMS reminder
// channel for follow-ups only. The policy reads their capabilities from the registry.
// Run it: `pnpm build && node docs/examples/custom-channel.mjs` (the test suite runs it too).
import {
  ChannelRegistry,
  createBatch,
  createCard,
  DEFAULT_QUALITY_CONFIG,
  DEFAULT_REJECTION_TAXONOMY,
  DEFAULT_SEND_POLICY_CONFIG,
  executeBatch,
  runQualityGate,
  silentLogger,
  upsertLead,
} from '@caio/core';
import { FakeChannel, InMemoryStateStore, ManualClock, SequentialIds } from '@caio/testkit';
import { okAsync } from 'neverthrow';

/** The adapter: its channel's capabilities, and an `OutboundChannel` that delivers. */
const whatsapp = {
  descriptor: { id: 'whatsapp', capabilities: { firstTouchEligible: true, needsCampaign: false, email: false, exclusiveWith: ['ghl_email'] } },
  outbox: [],
  channel: {
    channel: 'whatsapp',
    sandbox: false,
    // A real adapter calls the provider here (and maps its failures to SendRejected / SendRetryable / SendUnknown).
    send: (request) => {
      whatsapp.outbox.push(request.card.body);
      return okAsync({ providerMessageId: `wa-${whatsapp.outbox.length}` });
    },
  },
};
const smsReminder = { id: 'sms_reminder', capabilities: { firstTouchEligible: false, needsCampaign: false, email: false, exclusiveWith: [] } };

export const main = async (print = console.log) => {
  const channelRegistry = ChannelRegistry.builtIn()
    .register(whatsapp.descriptor)
    .andThen((registry) => registry.register(smsReminder))
    ._unsafeUnwrap();
  print(`channels: ${channelRegistry.ids().join(', ')}`);

  // Monday 2 March 2026, 15:30 in New York: inside the default send window.
  const clock = new ManualClock('2026-03-02T20:30:00.000Z');
  const ghl = new FakeChannel('ghl_email');
  const deps = {
    store: new InMemoryStateStore(() => clock.now()),
    clock,
    ids: new SequentialIds(),
    logger: silentLogger,
    channels: { ghl_email: ghl, whatsapp: whatsapp.channel, sms_reminder: new FakeChannel('sms_reminder') },
    channelRegistry,
    policy: DEFAULT_SEND_POLICY_CONFIG,
    campaigns: () => ({}),
    taxonomy: DEFAULT_REJECTION_TAXONOMY,
    sendGhlFirstTouchOnApprove: false,
  };
  const trace = (actor) => ({ traceId: `trace_${actor}`, actor, at: clock.now().toISOString(), origin: 'cli' });

  const approvedCard = async (id, lead, channel) => {
    const draft = { leadId: lead.id, leadKeys: [`email:${lead.identity.email}`], tier: lead.tier, channel, subject: 'An idea', body: `Hi ${lead.firstName}, saw the team is hiring SDRs, which often means outbound is scaling.`, opener: 'Saw the team is hiring SDRs.' };
    const card = createCard(id, draft, runQualityGate(draft, DEFAULT_QUALITY_CONFIG, channelRegistry), clock.now().toISOString())._unsafeUnwrap();
    await deps.store.putCard({ ...card, status: 'approved', approvedBy: 'head-of-sales', version: card.version + 1 }, null);
  };
  const run = async (label) => {
    const batch = (await createBatch(deps, { trace: trace('ops') }))._unsafeUnwrap();
    const execution = (await executeBatch(deps, { batchId: batch.id, dryRun: false, trace: trace('ops') }))._unsafeUnwrap();
    print(`${label}: ${execution.outcomes.map((o) => `${o.cardId} ${o.result}${o.detail ? ` (${o.detail})` : ''}`).join('; ')}`);
  };
  const lead = async (email, firstName) => (await upsertLead(deps, { email, source: 'clay', sourceLabel: 'demo', tier: 'tier_1', firstName, company: 'Acme' }, trace('clay')))._unsafeUnwrap().lead;

  const ada = await lead('ada@acme.example', 'Ada');
  const grace = await lead('grace@northwind.example', 'Grace');
  await approvedCard('card_wa', ada, 'whatsapp');
  await approvedCard('card_sms', grace, 'sms_reminder');
  await run('first touches');
  await approvedCard('card_mail', ada, 'ghl_email');
  await run('e-mail after a WhatsApp first touch');
  print(`delivered: whatsapp ${whatsapp.outbox.length}, ghl ${ghl.calls.length}`);
};

if (import.meta.url === `file://${process.argv[1]}`) await main();
