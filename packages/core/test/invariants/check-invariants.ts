import type { Batch } from '@caio/core';
import { DAILY_CAP, type World } from './world.js';

/** Groups identity keys into people: two keys belong together once any card joins them. */
const people = (groups: readonly (readonly string[])[]): ((key: string) => string) => {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    const p = parent.get(k) ?? k;
    if (p === k) return k;
    const root = find(p);
    parent.set(k, root);
    return root;
  };
  for (const keys of groups) for (const k of keys.slice(1)) parent.set(find(k), find(keys[0]!));
  return find;
};

/**
 * Invariants 1-6, 8-10 of architecture section 6, judged from what the providers saw.
 * Returns the violations (empty when all hold) so a failure names every broken rule.
 */
export const invariantViolations = (world: World, batches: readonly Batch[]): string[] => {
  const violations: string[] = [];
  const calls = world.observations;
  const delivered = Object.values(world.channels).flatMap((c) => c.delivered);

  // 1 & 10: one provider call per (card, step), ever: no resend, no retry of unknown.
  const perCardStep = new Map<string, number>();
  for (const c of calls) perCardStep.set(`${c.cardId}#${c.step}`, (perCardStep.get(`${c.cardId}#${c.step}`) ?? 0) + 1);
  for (const [k, n] of perCardStep) if (n > 1) violations.push(`card step ${k} was called ${n} times`);

  // 2 & 3: one delivered first touch per person, and a person stays on its first channel.
  const personOf = people([...calls.map((c) => c.leadKeys), ...delivered.map((d) => d.leadKeys)]);
  const firstTouches = new Map<string, string[]>();
  const channelsOf = new Map<string, Set<string>>();
  for (const d of delivered) {
    const person = personOf(d.leadKeys[0]!);
    if (d.step === 0) firstTouches.set(person, [...(firstTouches.get(person) ?? []), d.cardId]);
    channelsOf.set(person, (channelsOf.get(person) ?? new Set()).add(d.channel));
  }
  for (const [p, cards] of firstTouches) if (cards.length > 1) violations.push(`person ${p} got ${cards.length} first touches: ${cards.join(',')}`);
  for (const [p, chans] of channelsOf) if (chans.size > 1) violations.push(`person ${p} was messaged on ${[...chans].join(' and ')}`);

  for (const c of calls) {
    // 4: nothing sent while the stop is engaged.
    if (c.stopEngaged) violations.push(`card ${c.cardId} was sent while the emergency stop was engaged`);
    // 5: inside the window (unless overridden) and within the cap (the count includes this claim).
    if (!c.inWindow && !c.windowOverride) violations.push(`card ${c.cardId} was sent outside the send window`);
    if (c.dayCount > DAILY_CAP) violations.push(`card ${c.cardId} was sent as number ${c.dayCount} of a ${DAILY_CAP}/day cap`);
    // 9: never to a suppressed person.
    if (c.suppressed) violations.push(`card ${c.cardId} was sent to a suppressed lead`);
    // 6: a batch sends only its snapshot items, with the content that was frozen.
    if (c.batchContext) {
      const batch = batches.find((b) => b.id === c.batchContext);
      const item = batch?.items.find((i) => i.cardId === c.cardId);
      if (!item) violations.push(`batch ${c.batchContext} sent card ${c.cardId}, which is not in its snapshot`);
      else if (item.contentDigest !== c.contentDigest) violations.push(`batch ${c.batchContext} sent changed content for ${c.cardId}`);
    }
  }

  // 8: unmapped-campaign cards never enter a batch.
  const state = world.memory.dump();
  for (const b of batches) {
    for (const item of b.items) {
      const card = state.cards[item.cardId];
      const campaign = card?.campaignId;
      const mapped =
        item.channel === 'ghl_email' ||
        (item.channel === 'instantly' && campaign === 'cmp-mapped') ||
        (item.channel === 'heyreach' && campaign === '4242');
      if (!mapped) violations.push(`batch ${b.id} holds unmapped card ${item.cardId}`);
    }
  }
  return violations;
};
