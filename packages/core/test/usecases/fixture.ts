import { type Card, type CardId, type Lead, type StateStore, type TraceEnvelope, type TraceId } from '@caio/core';
import { aCard, aLead } from '@caio/testkit';
import { makeWorld, type World } from '../invariants/world.js';

export { makeWorld, type World };

export const traceOf = (world: World, actor = 'reviewer'): TraceEnvelope => ({
  traceId: `trace_${actor}_${world.clock.now().getTime()}` as TraceId,
  actor,
  at: world.clock.now().toISOString(),
  origin: 'test',
});

/** Stores a lead and one card for it in the given status (approved cards carry a reviewer). */
export const seedCard = async (
  world: World,
  leadId: string,
  cardId: string,
  overrides: Parameters<typeof aCard>[2] = {},
): Promise<{ lead: Lead; card: Card }> => {
  const store: StateStore = world.deps.store;
  const at = world.clock.now().toISOString();
  const existing = (await store.getLead(leadId as Lead['id']))._unsafeUnwrap();
  const lead = existing ?? (await store.putLead(aLead(leadId, {}, at), null))._unsafeUnwrap();
  const base = aCard(cardId, lead, overrides, at);
  const card = base.status === 'approved' ? { ...base, approvedBy: 'reviewer', approvedAt: at } : base;
  await store.putCard(card, null);
  return { lead, card };
};

export const statusOf = async (world: World, id: string): Promise<Card['status'] | undefined> =>
  (await world.deps.store.getCard(id as CardId))._unsafeUnwrap()?.status;
