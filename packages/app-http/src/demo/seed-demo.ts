import {
  createCard,
  runQualityGate,
  upsertLead,
  type CardId,
  type Channel,
  type CoreDeps,
  type LeadInput,
  type QualityConfig,
  type StoreError,
  type TraceId,
} from '@caio/core';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { TemplateCrafter } from '../crafting/template-crafter.js';

/** The campaigns the demo uses; the sandbox campaign mapping knows them. */
export const DEMO_CAMPAIGNS = { instantly: 'cmp-demo-q1', heyreach: '1001' } as const;

interface DemoLead {
  readonly input: LeadInput;
  readonly channel: Channel;
  readonly campaignId?: string;
}

const DEMO: readonly DemoLead[] = [
  { input: { email: 'ada@acme.example', linkedinUrl: 'https://www.linkedin.com/in/ada-demo/', firstName: 'Ada', lastName: 'Lovelace', title: 'VP Marketing', company: 'Acme Analytics', signals: { tech: ['6sense', 'Adobe'] }, source: 'clay', sourceLabel: 'demo', tier: 'tier_1' }, channel: 'ghl_email' },
  { input: { email: 'grace@northwind.example', firstName: 'Grace', lastName: 'Hopper', title: 'Head of Growth', company: 'Northwind', signals: { hiring: 'SDRs' }, source: 'clay', sourceLabel: 'demo', tier: 'tier_1' }, channel: 'ghl_email' },
  { input: { email: 'alan@globex.example', firstName: 'Alan', lastName: 'Turing', title: 'CRO', company: 'Globex', signals: { tech: ['HubSpot', 'Gong', 'Outreach'] }, source: 'clay', sourceLabel: 'demo', tier: 'tier_1' }, channel: 'instantly', campaignId: DEMO_CAMPAIGNS.instantly },
  { input: { linkedinUrl: 'https://linkedin.com/in/edsger-demo', firstName: 'Edsger', lastName: 'Dijkstra', title: 'Director of Sales', company: 'Initech', signals: { page_visited: 'https://caio.example/pricing' }, source: 'rb2b', sourceLabel: 'demo', tier: 'tier_1' }, channel: 'heyreach', campaignId: DEMO_CAMPAIGNS.heyreach },
  { input: { email: 'barbara@umbrella.example', firstName: 'Barbara', lastName: 'Liskov', title: 'Marketing Ops', company: 'Umbrella', signals: { tech: ['Marketo'] }, source: 'import', sourceLabel: 'demo', tier: 'tier_2' }, channel: 'ghl_email' },
  { input: { email: 'ken@hooli.example', firstName: 'Ken', lastName: 'Thompson', title: 'CEO', company: 'Hooli', signals: { tech: ['Salesforce'] }, source: 'clay', sourceLabel: 'demo', tier: 'tier_1' }, channel: 'instantly', campaignId: 'cmp-retired' },
];

/**
 * Fills an empty store with demonstration leads and pending cards (sandbox only), so a
 * newcomer sees the review page working: Tier 1 e-mail, Instantly and LinkedIn cards, a
 * Tier 2 card the supervised policy holds back, and a card on a retired campaign that
 * the next batch separates. Does nothing when the store already has leads.
 *
 * @category adapters
 */
export const seedDemo = (deps: CoreDeps, quality: QualityConfig): ResultAsync<number, StoreError> =>
  deps.store.listLeads({ limit: 1 }).andThen((page) => {
    if (page.items.length > 0) return okAsync(0);
    const crafter = new TemplateCrafter();
    const trace = { traceId: 'trace_demo_seed' as TraceId, actor: 'system:demo', at: deps.clock.now().toISOString(), origin: 'cli' as const };
    return ResultAsync.combine(
      DEMO.map((demo) =>
        upsertLead(deps, demo.input, trace)
          .mapErr((e): StoreError => ('message' in e ? { _tag: 'StoreUnavailable', message: e.message } : { _tag: 'StoreUnavailable', message: e._tag }))
          .andThen(({ lead }) =>
            crafter
              .craft({ lead, channel: demo.channel, step: 0, ...(demo.campaignId ? { campaignId: demo.campaignId } : {}) })
              .mapErr((e): StoreError => ({ _tag: 'StoreUnavailable', message: e.message }))
              .andThen((draft) => {
                const card = createCard(deps.ids.next('card') as CardId, draft, runQualityGate(draft, quality), trace.at);
                return card.isOk() ? deps.store.putCard(card.value, null).mapErr((e): StoreError => (e._tag === 'VersionConflict' ? { _tag: 'StoreUnavailable', message: 'demo card exists' } : e)) : errAsync<never, StoreError>({ _tag: 'StoreUnavailable', message: card.error.message });
              }),
          ),
      ),
    ).map((cards) => cards.length);
  });
