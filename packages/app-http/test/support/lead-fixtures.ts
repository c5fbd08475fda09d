import type { StateStore } from '@caio/core';
import { aCard, aClaim, aLead, aTrace } from '@caio/testkit';

/**
 * Four leads covering every lead filter: Ada (rb2b, wpromote, Tier 1, a pending card),
 * Bob (clay, acme, Tier 2, a sent card with its receipt, replied), Cy (import, acme, Tier
 * 3, no card, suppressed) and Di (manual, wpromote, Tier 1, a rejected card).
 */
export const seedLeads = async (store: StateStore, at: string): Promise<void> => {
  const ada = aLead('lead_ada', { source: 'rb2b', sourceLabel: 'wpromote', firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', email: 'ada@engines.example', linkedinUrl: 'https://www.linkedin.com/in/ada-l/' }, at);
  const bob = aLead('lead_bob', { source: 'clay', sourceLabel: 'acme', tier: 'tier_2', firstName: 'Bob', lastName: 'Noyce', company: 'Fairchild', email: 'bob@fairchild.example', linkedinUrl: 'https://www.linkedin.com/in/bobn/' }, at);
  const cy = aLead('lead_cy', { source: 'import', sourceLabel: 'acme', tier: 'tier_3', firstName: 'Cy', lastName: 'Young', company: 'Mound Corp', email: 'cy@mound.example', linkedinUrl: null }, at);
  const di = aLead('lead_di', { source: 'manual', sourceLabel: 'wpromote', firstName: 'Di', lastName: 'Fossey', company: 'Gorilla Labs', email: 'di@gorilla.example', linkedinUrl: null }, at);
  for (const lead of [ada, bob, cy, di]) (await store.putLead(lead, null))._unsafeUnwrap();
  (await store.putCard(aCard('card_ada', ada, { sourceLabel: 'wpromote' }, at), null))._unsafeUnwrap();
  (await store.putCard(aCard('card_di', di, { status: 'rejected' }, at), null))._unsafeUnwrap();
  const queued = (await store.putCard(aCard('card_bob', bob, { status: 'queued', channel: 'instantly', campaignId: 'cmp-mapped' }, at), null))._unsafeUnwrap();
  const trace = aTrace({ at });
  const claimed = (await store.claimSend(aClaim(queued, { trace, dayKey: at.slice(0, 10) })))._unsafeUnwrap();
  (await store.recordOutcome({ cardId: queued.id, step: 0, attemptId: claimed.attemptId, outcome: { state: 'sent', receipt: { emailId: 'em_42' } }, trace }))._unsafeUnwrap();
  (await store.appendAudit({ id: 'audit_reply_bob', trace, action: 'webhook.ReplyReceived', identityKeys: queued.leadKeys, detail: { provider: 'instantly', channel: 'instantly', snippet: 'Sounds good' } }))._unsafeUnwrap();
  for (const identityKey of queued.leadKeys) (await store.addCadenceStop({ identityKey, reason: 'replied', at }))._unsafeUnwrap();
  (await store.addSuppression({ target: 'email:cy@mound.example' as never, reason: 'unsubscribed', source: 'instantly:evt_1', at }))._unsafeUnwrap();
};
