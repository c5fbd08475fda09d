import type { ResultAsync } from 'neverthrow';
import type { Card } from '../card/card.js';
import type { CardId } from '../ids.js';
import type { CardQuery, Cards } from '../ports/cards.js';
import type { Page } from '../ports/page.js';
import type { StoreError, VersionConflict } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';
import { pageById } from './page.js';

/** The reference `Cards`. */
export const memoryCards = (m: MemoryMachine): Cards => ({
  getCard(id: CardId): ResultAsync<Card | null, StoreError> {
    return m.frozen(() => m.state.cards[id] ?? null);
  },

  putCard(card: Card, expectedVersion: number | null): ResultAsync<Card, StoreError | VersionConflict> {
    return m.cas('card', 'cards', card.id, card, expectedVersion, (written) => m.queueIndex.touch(written.id, written));
  },

  listCards(query: CardQuery): ResultAsync<Page<Card>, StoreError> {
    return m.value(() => {
      const all = Object.values(m.state.cards)
        .filter((c) => query.status === undefined || c.status === query.status)
        .filter((c) => query.channel === undefined || c.channel === query.channel)
        // A merged lead's cards are the survivor's: compare the ids each stands for.
        .filter((c) => query.leadId === undefined || (m.state.aliases[c.leadId] ?? c.leadId) === (m.state.aliases[query.leadId] ?? query.leadId))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      return pageById(all, (c) => c.id, query.limit, query.after);
    });
  },
});
