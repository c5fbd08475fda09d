// Cards and claim requests shared by the Redis send-path benchmarks.
import { createCard, createLead, qualityPassed } from '@caio/core';

/** `count` queued cards of stored leads, each lead a person of its own (no claim is refused as a repeat touch). */
export const seedCards = async (store, tag, count) => {
  const cards = [];
  const at = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const id = `${tag}_${i}`;
    const lead = (await store.putLead(createLead(`lead_${id}`, { email: `${id}@bench.example`, source: 'import', sourceLabel: 'bench', tier: 'tier_1', firstName: 'Ada' }, at)._unsafeUnwrap(), null))._unsafeUnwrap();
    const card = createCard(id, { leadId: lead.id, leadKeys: [`email:${id}@bench.example`], tier: 'tier_1', channel: 'ghl_email', subject: 's', body: 'a body long enough', opener: 'o' }, qualityPassed, at)._unsafeUnwrap();
    cards.push((await store.putCard({ ...card, status: 'queued' }, null))._unsafeUnwrap());
  }
  return cards;
};

const trace = () => ({ traceId: 't', actor: 'bench', at: new Date().toISOString(), origin: 'test' });

/** The claim of `card`'s first step, as dispatch makes it (naming the person it read for the policy), counted on `dayKey` with no effective cap. */
export const claimRequest = (card, dayKey) => ({ cardId: card.id, step: 0, attemptId: `a_${card.id}`, channel: card.channel, leadKeys: card.leadKeys, leadId: card.leadId, person: { root: card.leadId, keys: card.leadKeys, companyDomain: null }, contentDigest: card.contentDigest, expectedVersion: card.version, dayKey, dailyCap: 1e9, trace: trace() });

/** The outcome of that claim: sent, with a provider receipt. */
export const sentOutcome = (card) => ({ cardId: card.id, step: 0, attemptId: `a_${card.id}`, outcome: { state: 'sent', receipt: { provider: 'ghl', providerMessageId: `m_${card.id}` } }, trace: trace() });
