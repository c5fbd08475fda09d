import { describe, expect, it } from 'vitest';
import { aCard, aLead } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

/** The contract of `Cards`: compare-and-set and the listings by status, channel and lead. @category testing */
export const cardsContract = (env: StateStoreContractEnv): void => {
  describe('cards', () => {
    it('compare-and-sets cards on version', async () => {
      const card = aCard('card_1', aLead('ada'));
      await env.store.putCard(card, null);
      expect((await env.store.putCard(card, null))._unsafeUnwrapErr()).toMatchObject({ _tag: 'VersionConflict', entity: 'card' });
      const approved = { ...card, status: 'approved' as const, version: 2 };
      expect((await env.store.putCard(approved, 1))._unsafeUnwrap().status).toBe('approved');
      expect((await env.store.putCard({ ...approved, version: 3 }, 1))._unsafeUnwrapErr()).toMatchObject({ expected: 1, actual: 2 });
      expect((await env.store.getCard(card.id))._unsafeUnwrap()).toEqual(approved);
      expect((await env.store.getCard(aCard('card_x', aLead('x')).id))._unsafeUnwrap()).toBeNull();
    });

    it('lists cards by status, channel and lead, in id order', async () => {
      const ada = aLead('ada');
      const bob = aLead('bob');
      await env.store.putCard(aCard('card_3', ada), null);
      await env.store.putCard(aCard('card_1', bob, { channel: 'instantly', campaignId: 'cmp' }), null);
      await env.store.putCard(aCard('card_2', ada, { status: 'approved' }), null);
      const pending = (await env.store.listCards({ status: 'pending' }))._unsafeUnwrap();
      expect(pending.items.map((c) => c.id)).toEqual(['card_1', 'card_3']);
      expect((await env.store.listCards({ channel: 'instantly' }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_1']);
      expect((await env.store.listCards({ leadId: ada.id }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_2', 'card_3']);
      const page = (await env.store.listCards({ limit: 1, after: 'card_1' }))._unsafeUnwrap();
      expect(page.items.map((c) => c.id)).toEqual(['card_2']);
      expect(page.next).toBe('card_2');
    });

    it('moves a card between status listings when its status changes', async () => {
      const card = aCard('card_1', aLead('ada'));
      await env.store.putCard(card, null);
      await env.store.putCard({ ...card, status: 'approved', version: 2 }, 1);
      expect((await env.store.listCards({ status: 'pending' }))._unsafeUnwrap().items).toEqual([]);
      expect((await env.store.listCards({ status: 'approved' }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_1']);
    });
  });
};
