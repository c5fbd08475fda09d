import type { ResultAsync } from 'neverthrow';
import type { Card } from '../card/card.js';
import type { CardId, LeadId } from '../ids.js';
import type { CardQuery, Cards } from '../ports/cards.js';
import type { Page } from '../ports/page.js';
import type { StoreError, VersionConflict } from '../ports/store-error.js';
import { cardQueryFacet } from './memory-indexes.js';
import type { MemoryMachine } from './memory-machine.js';
import { pageSorted } from './page.js';

/**
 * A person's card ids, sorted: the lead's and those of every lead merged into it (a
 * merged lead's cards are the survivor's). The aliases are few (one per merge).
 */
const personCardIds = (m: MemoryMachine, leadId: LeadId): string[] => {
  const s = m.state;
  const root = s.aliases[leadId] ?? leadId;
  const leads = [root, ...Object.keys(s.aliases).filter((alias) => s.aliases[alias] === root)];
  return leads.flatMap((id) => m.indexes.cards.list(`lead:${id}`, s.cards)).sort();
};

/** The reference `Cards`: listings read the card indexes (`cardFacets`), never the whole table. */
export const memoryCards = (m: MemoryMachine): Cards => ({
  getCard(id: CardId): ResultAsync<Card | null, StoreError> {
    return m.frozen(() => m.state.cards[id] ?? null);
  },

  putCard(card: Card, expectedVersion: number | null): ResultAsync<Card, StoreError | VersionConflict> {
    return m.cas('card', 'cards', card.id, card, expectedVersion);
  },

  listCards(query: CardQuery): ResultAsync<Page<Card>, StoreError> {
    return m.value(() => {
      const cards = m.state.cards;
      if (query.leadId === undefined) return pageSorted(m.indexes.cards.list(cardQueryFacet(query), cards), (id) => cards[id], query.limit, query.after);
      const keep = (c: Card | undefined): c is Card => c !== undefined && (query.status === undefined || c.status === query.status) && (query.channel === undefined || c.channel === query.channel);
      return pageSorted(personCardIds(m, query.leadId), (id) => cards[id], query.limit, query.after, keep);
    });
  },
});
