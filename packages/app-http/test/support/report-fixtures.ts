import type { AuditEntry, StateStore } from '@caio/core';
import { aCard, aLead, aTrace } from '@caio/testkit';
import { seedLeads } from './lead-fixtures.js';

export const DAY1 = '2026-03-01';
export const DAY2 = '2026-03-02';

/**
 * The leads of `seedLeads` sent and replied on DAY1 (Bob, Instantly, campaign cmp-mapped),
 * then on DAY2 Bob's events (delivered, two opens, a click, a bounce, an unsubscribe), an
 * edit of Ada's GHL card, and two rejected cards (tags tone and timing).
 */
export const seedReport = async (store: StateStore): Promise<void> => {
  await seedLeads(store, `${DAY1}T10:00:00.000Z`);
  const bobKeys = ['email:bob@fairchild.example', 'linkedin:linkedin.com/in/bobn'] as unknown as AuditEntry['identityKeys'];
  const at = `${DAY2}T09:00:00.000Z`;
  const events = ['EmailSent', 'EmailOpened', 'EmailOpened', 'LinkClicked', 'EmailBounced', 'Unsubscribed'];
  for (const [i, type] of events.entries()) {
    (await store.appendAudit({ id: `audit_evt_${i}`, trace: aTrace({ at }), action: `webhook.${type}`, ...(bobKeys ? { identityKeys: bobKeys } : {}), detail: { provider: 'instantly', channel: 'instantly' } }))._unsafeUnwrap();
  }
  (await store.appendAudit({ id: 'audit_edit', trace: aTrace({ at }), action: 'card.edited', cardId: 'card_ada' as never, detail: {} }))._unsafeUnwrap();
  const eve = aLead('lead_eve', {}, at);
  (await store.putLead(eve, null))._unsafeUnwrap();
  for (const [id, tag] of [['card_eve_1', 'tone'], ['card_eve_2', 'timing']] as const) {
    const card = aCard(id, eve, { channel: 'heyreach', campaignId: '4242' }, at);
    (await store.putCard({ ...card, status: 'rejected', rejection: { tag, reason: 'not for this persona', by: 'maria', at } }, null))._unsafeUnwrap();
  }
};
