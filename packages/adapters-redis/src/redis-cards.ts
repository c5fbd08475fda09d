import { queueFacets, queueMember, type Card, type CardId, type CardQuery, type Cards, type LeadId, type Page, type StoreError, type VersionConflict } from '@caio/core';
import { RedisIdentity } from './redis-identity.js';
import type { ChainableCommander } from 'ioredis';
import type { ResultAsync } from 'neverthrow';
import { joinCard, splitCard } from './record-codec.js';
import type { RedisKeys } from './redis-keys.js';
import { casResult, loadSplit, pageIndex, versionConflict, type RedisStoreContext } from './redis-store-context.js';

export const loadCards = (c: RedisStoreContext, ids: readonly string[]): Promise<(Card | null)[]> => loadSplit(c, ids, c.keys.card, c.keys.cardMeta, joinCard);

/** The listings a card is in (by status, channel, lead). */
export const cardIndexes = (keys: RedisKeys, card: Pick<Card, 'status' | 'channel' | 'leadId'>): string[] => [keys.cardsStatus(card.status), keys.cardsChannel(card.channel), keys.cardsLead(card.leadId)];

/** A person's cards: the survivor's and those of every lead merged into it (few per person). */
const listPersonCards = (c: RedisStoreContext, leadId: LeadId, query: CardQuery): ResultAsync<Page<Card>, StoreError> =>
  c.call(async () => {
    const identity = new RedisIdentity(c.redis, c.keys);
    const root = await identity.rootOf(leadId);
    const ids = new Set<string>();
    for (const id of [root, ...(await identity.aliasesOf(root as LeadId))]) for (const card of await c.redis.zrangebylex(c.keys.cardsLead(id), '-', '+')) ids.add(card);
    const limit = Math.max(1, Math.min(query.limit ?? 100, 1000));
    const sorted = [...ids].sort().filter((id) => query.after === undefined || id > query.after);
    const cards = (await loadCards(c, sorted)).filter((card): card is Card => card !== null && (query.status === undefined || card.status === query.status) && (query.channel === undefined || card.channel === query.channel));
    const items = cards.slice(0, limit);
    const last = items.at(-1);
    return cards.length > limit && last ? { items, next: last.id } : { items };
  });

/** The review-queue indexes a card is in: those of its facets while it is pending, none otherwise. */
export const queueIndexes = (keys: RedisKeys, card: Card | null | undefined): string[] => (card?.status === 'pending' ? queueFacets(card).map(keys.queue) : []);

/** Queues removing `card` from every listing it is in (all, status, channel, lead, review queue). */
export const unlistCard = (m: ChainableCommander, keys: RedisKeys, card: Card): void => {
  for (const index of [keys.cardsAll(), ...cardIndexes(keys, card)]) m.zrem(index, card.id);
  for (const index of queueIndexes(keys, card)) m.zrem(index, queueMember(card));
};

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
      const queueOut = queueIndexes(c.keys, current);
      const queueIn = queueIndexes(c.keys, card);
      const { body, meta } = splitCard(card);
      const keys = [c.keys.card(card.id), c.keys.cardMeta(card.id), ...removes, ...adds, ...queueOut, ...queueIn];
      const order = [current ? queueMember(current) : '', queueMember(card)];
      const result = await c.redis.putVersioned(keys.length, ...keys, expectedVersion === null ? '' : String(expectedVersion), body, card.id, removes.length, adds.length, 0, queueOut.length, queueIn.length, ...order, ...meta);
      return result[0] === 'ok' ? card : versionConflict('card', card.id, expectedVersion, result[1]);
    }));
  },

  listCards(query: CardQuery): ResultAsync<Page<Card>, StoreError> {
    // A person's cards include those of the leads merged into it, whatever else is asked.
    if (query.leadId !== undefined) return listPersonCards(c, query.leadId, query);
    const index = query.status !== undefined ? c.keys.cardsStatus(query.status) : query.channel !== undefined ? c.keys.cardsChannel(query.channel) : c.keys.cardsAll();
    const keep = (c: Card) => (query.status === undefined || c.status === query.status) && (query.channel === undefined || c.channel === query.channel);
    return c.call(() => pageIndex(c, index, query, (ids) => loadCards(c, ids), keep, (c) => c.id));
  },
});
