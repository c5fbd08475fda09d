import type { Card, CardId, CardQuery, Cards, Page, StoreError, VersionConflict } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { joinCard, splitCard } from './record-codec.js';
import type { RedisKeys } from './redis-keys.js';
import { casResult, loadSplit, pageIndex, versionConflict, type RedisStoreContext } from './redis-store-context.js';

export const loadCards = (c: RedisStoreContext, ids: readonly string[]): Promise<(Card | null)[]> => loadSplit(c, ids, c.keys.card, c.keys.cardMeta, joinCard);

/** The listings a card is in (by status, channel, lead). */
export const cardIndexes = (keys: RedisKeys, card: Pick<Card, 'status' | 'channel' | 'leadId'>): string[] => [keys.cardsStatus(card.status), keys.cardsChannel(card.channel), keys.cardsLead(card.leadId)];

/** Cards on Redis (`{p:send}`): the body as JSON, the mutable fields in a hash, and the listings, written by one script. */
export const redisCards = (c: RedisStoreContext): Cards => ({
  getCard(id: CardId): ResultAsync<Card | null, StoreError> {
    return c.call(async () => (await loadCards(c, [id]))[0] ?? null);
  },

  putCard(card: Card, expectedVersion: number | null): ResultAsync<Card, StoreError | VersionConflict> {
    return casResult(c.call(async () => {
      const current = (await loadCards(c, [card.id]))[0] ?? null;
      if ((current?.version ?? null) !== expectedVersion) return versionConflict('card', card.id, expectedVersion, current?.version ?? null);
      const next = cardIndexes(c.keys, card);
      const removes = current ? cardIndexes(c.keys, current).filter((k) => !next.includes(k)) : [];
      const adds = [c.keys.cardsAll(), ...next];
      const { body, meta } = splitCard(card);
      const result = await c.redis.putVersioned(2 + removes.length + adds.length, c.keys.card(card.id), c.keys.cardMeta(card.id), ...removes, ...adds, expectedVersion === null ? '' : String(expectedVersion), body, card.id, removes.length, adds.length, 0, ...meta);
      return result[0] === 'ok' ? card : versionConflict('card', card.id, expectedVersion, result[1]);
    }));
  },

  listCards(query: CardQuery): ResultAsync<Page<Card>, StoreError> {
    const index =
      query.status !== undefined ? c.keys.cardsStatus(query.status) : query.leadId !== undefined ? c.keys.cardsLead(query.leadId) : query.channel !== undefined ? c.keys.cardsChannel(query.channel) : c.keys.cardsAll();
    const keep = (c: Card) => (query.status === undefined || c.status === query.status) && (query.channel === undefined || c.channel === query.channel) && (query.leadId === undefined || c.leadId === query.leadId);
    return c.call(() => pageIndex(c, index, query, (ids) => loadCards(c, ids), keep, (c) => c.id));
  },
});
