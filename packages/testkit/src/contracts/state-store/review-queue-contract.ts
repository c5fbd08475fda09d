import type { Card, QueueQuery } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { aCard, aLead } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

const minute = (n: number): string => new Date(Date.UTC(2026, 2, 2, 8, n)).toISOString();

/** The contract of `ReviewQueue`: filters, age window, both orders, cursor pages, kept in step by card writes. @category testing */
export const reviewQueueContract = (env: StateStoreContractEnv): void => {
  describe('review queue', () => {
    // Six pending cards a minute apart (ids deliberately not in time order) and one approved.
    const seed = async (): Promise<Card[]> => {
      const ada = aLead('ada');
      const bob = aLead('bob', { tier: 'tier_2' });
      const cards = [
        aCard('card_f', ada, { sourceLabel: 'wpromote', campaignId: 'cmp_a' }, minute(0)),
        aCard('card_e', bob, { sourceLabel: 'wpromote', channel: 'instantly', campaignId: 'cmp_b' }, minute(1)),
        aCard('card_d', ada, { sourceLabel: 'acme', channel: 'heyreach' }, minute(2)),
        aCard('card_c', bob, { sourceLabel: 'acme', campaignId: 'cmp_a' }, minute(3)),
        aCard('card_b', ada, { sourceLabel: 'wpromote', campaignId: 'cmp_a' }, minute(4)),
        aCard('card_a', bob, {}, minute(5)),
        aCard('card_z', ada, { status: 'approved', sourceLabel: 'wpromote' }, minute(6)),
      ];
      for (const card of cards) (await env.store.putCard(card, null))._unsafeUnwrap();
      return cards;
    };
    const ids = async (query: QueueQuery): Promise<string[]> => (await env.store.listQueue(query))._unsafeUnwrap().items.map((c) => c.id);

    it('lists pending cards by creation time, oldest or newest first, never other statuses', async () => {
      await seed();
      expect(await ids({})).toEqual(['card_f', 'card_e', 'card_d', 'card_c', 'card_b', 'card_a']);
      expect(await ids({ order: 'newest' })).toEqual(['card_a', 'card_b', 'card_c', 'card_d', 'card_e', 'card_f']);
    });

    it('filters by tier, channel, campaign and source label, alone and together', async () => {
      await seed();
      expect(await ids({ tier: 'tier_2' })).toEqual(['card_e', 'card_c', 'card_a']);
      expect(await ids({ channel: 'instantly' })).toEqual(['card_e']);
      expect(await ids({ campaignId: 'cmp_a' })).toEqual(['card_f', 'card_c', 'card_b']);
      expect(await ids({ sourceLabel: 'wpromote' })).toEqual(['card_f', 'card_e', 'card_b']);
      expect(await ids({ sourceLabel: 'wpromote', tier: 'tier_1', campaignId: 'cmp_a' })).toEqual(['card_f', 'card_b']);
      expect(await ids({ sourceLabel: 'nobody' })).toEqual([]);
    });

    it('keeps to an age window: from inclusive, before exclusive', async () => {
      await seed();
      expect(await ids({ createdFrom: minute(2), createdBefore: minute(4) })).toEqual(['card_d', 'card_c']);
      expect(await ids({ createdFrom: minute(3), order: 'newest' })).toEqual(['card_a', 'card_b', 'card_c']);
      expect(await ids({ createdBefore: minute(1), tier: 'tier_1' })).toEqual(['card_f']);
    });

    it('pages with a cursor in both orders, each card exactly once', async () => {
      await seed();
      for (const order of ['oldest', 'newest'] as const) {
        const seen: string[] = [];
        let after: string | undefined;
        let pages = 0;
        do {
          const page = (await env.store.listQueue({ order, limit: 2, ...(after ? { after } : {}) }))._unsafeUnwrap();
          seen.push(...page.items.map((c) => c.id));
          after = page.next;
          pages++;
        } while (after && pages < 10);
        expect(seen).toEqual(order === 'oldest' ? ['card_f', 'card_e', 'card_d', 'card_c', 'card_b', 'card_a'] : ['card_a', 'card_b', 'card_c', 'card_d', 'card_e', 'card_f']);
        expect(pages).toBe(3);
      }
      const filtered = (await env.store.listQueue({ tier: 'tier_1', limit: 1 }))._unsafeUnwrap();
      expect(filtered.items.map((c) => c.id)).toEqual(['card_f']);
      expect(await ids({ tier: 'tier_1', limit: 5, after: filtered.next! })).toEqual(['card_d', 'card_b']);
    });

    it('follows status changes: a decided card leaves the queue, a re-mapped separated card returns', async () => {
      const cards = await seed();
      const first = cards[0]!;
      (await env.store.putCard({ ...first, status: 'separated', version: 2 }, 1))._unsafeUnwrap();
      expect(await ids({ campaignId: 'cmp_a' })).toEqual(['card_c', 'card_b']);
      (await env.store.putCard({ ...first, status: 'pending', campaignId: 'cmp_b', version: 3 }, 2))._unsafeUnwrap();
      expect(await ids({ campaignId: 'cmp_a' })).toEqual(['card_c', 'card_b']);
      expect(await ids({ campaignId: 'cmp_b' })).toEqual(['card_f', 'card_e']);
      (await env.store.putCard({ ...cards[5]!, status: 'rejected', version: 2 }, 1))._unsafeUnwrap();
      expect(await ids({ order: 'newest', limit: 1 })).toEqual(['card_b']);
    });

    it('is rebuilt by an import of records', async () => {
      await seed();
      const records = (await env.store.exportRecords())._unsafeUnwrap();
      const harness = await env.factory(env.clock);
      try {
        (await harness.store.importRecords(records))._unsafeUnwrap();
        expect((await harness.store.listQueue({ sourceLabel: 'acme' }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_d', 'card_c']);
      } finally {
        await harness.store.close();
        await harness.dispose?.();
      }
    });

    // Registered only for durable stores: a volatile store has no restart to survive.
    if (env.options.durable) it('survives a restart', async () => {
      await seed();
      const reopened = await env.reopen();
      expect((await reopened.listQueue({ tier: 'tier_2', order: 'newest' }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_a', 'card_c', 'card_e']);
    });
  });
};
