import { approveCard, createBatch, createCard, executeBatch, qualityPassed, upsertLead, type Batch, type CardId, type TraceId } from '@caio/core';
import { arbLeadIdentity, PEOPLE } from '@caio/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invariantViolations } from './check-invariants.js';
import { scheduledStore } from './scheduled-store.js';
import { makeWorld, type World } from './world.js';

const trace = (world: World, actor: string) => ({
  traceId: `trace_${actor}` as TraceId,
  actor,
  at: world.clock.now().toISOString(),
  origin: 'test' as const,
});

/** Seeds approved cards for leads drawn from a small pool (so identities collide). */
const seed = async (world: World, identities: readonly { person: number; email?: string; linkedinUrl?: string }[]): Promise<CardId[]> => {
  const cards: CardId[] = [];
  for (const [i, identity] of identities.entries()) {
    const upserted = await upsertLead(world.deps, { ...identity, source: 'clay', sourceLabel: 'acme', tier: 'tier_1', firstName: PEOPLE[identity.person]!.local }, trace(world, 'seed'));
    const lead = upserted._unsafeUnwrap().lead;
    const keys = [...(lead.identity.email ? [`email:${lead.identity.email}`] : []), ...(lead.identity.linkedin ? [`linkedin:${lead.identity.linkedin}`] : [])];
    const channel = i % 3 === 0 ? 'ghl_email' : i % 3 === 1 ? 'instantly' : 'heyreach';
    const card = createCard(
      `card_${String(i).padStart(3, '0')}` as CardId,
      {
        leadId: lead.id,
        leadKeys: keys as never,
        tier: 'tier_1',
        channel,
        ...(channel === 'instantly' ? { campaignId: 'cmp-mapped' } : channel === 'heyreach' ? { campaignId: '4242' } : {}),
        subject: 'An idea',
        body: `Note ${i}`,
        opener: 'Noticed Acme already uses 6sense.',
      },
      qualityPassed,
      world.clock.now().toISOString(),
    )._unsafeUnwrap();
    await world.deps.store.putCard({ ...card, status: 'approved', approvedBy: 'reviewer', approvedAt: world.clock.now().toISOString(), version: 2 }, null);
    cards.push(card.id);
  }
  return cards;
};

describe('racing dispatchers (fc.scheduler over every store call, no lock)', () => {
  it('sends each card at most once and gives each person one first touch, in every interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbLeadIdentity(), { minLength: 2, maxLength: 6 }), fc.scheduler(), fc.integer({ min: 2, max: 3 }), async (identities, s, dispatchers) => {
        // Correctness must not depend on the lease: run without a lock manager.
        const world = makeWorld({ locks: false });
        await seed(world, identities);
        const batch: Batch = (await createBatch(world.deps, { trace: trace(world, 'operator') }))._unsafeUnwrap();
        const raced = { ...world, deps: { ...world.deps, store: scheduledStore(world.deps.store, s) } };
        world.setBatchContext(batch.id);
        const runs = Array.from({ length: dispatchers }, (_, i) => executeBatch(raced.deps, { batchId: batch.id, dryRun: false, trace: trace(world, `dispatcher-${i}`) }));
        // A reviewer pressing approve at the same time on every card (already approved: retries the send).
        const approvals = batch.items.map((item) => approveCard(raced.deps, { cardId: item.cardId, trace: trace(world, 'reviewer') }));
        await s.waitFor(Promise.all([...runs, ...approvals]));
        world.setBatchContext(null);
        // Approvals race the batch on the same snapshot cards, so invariant 6 applies to all calls.
        expect(invariantViolations(world, [batch]), s.report().map((r) => r.label).join(' > ')).toEqual([]);
        const calls = world.observations.map((o) => `${o.cardId}#${o.step}`);
        expect(new Set(calls).size).toBe(calls.length);
      }),
      { numRuns: 1000 },
    );
  });
});
