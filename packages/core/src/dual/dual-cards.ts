import type { ResultAsync } from 'neverthrow';
import type { Card } from '../card/card.js';
import type { CardId } from '../ids.js';
import type { CardQuery, Cards } from '../ports/cards.js';
import type { Page } from '../ports/page.js';
import type { StoreError, VersionConflict } from '../ports/store-error.js';
import { canonicalJson } from '../shared/canonical-json.js';
import type { DualRouter } from './dual-router.js';

/** `Cards` over two stores: reads compared, writes mirrored (see `DualRouter`). */
export const dualCards = (d: DualRouter): Cards => ({
  getCard(id: CardId): ResultAsync<Card | null, StoreError> {
    return d.read('getCard', [`card:${id}`], (s) => s.getCard(id));
  },
  putCard(card: Card, expectedVersion: number | null): ResultAsync<Card, StoreError | VersionConflict> {
    return d.write('putCard', [`card:${card.id}`], (s) => s.putCard(card, expectedVersion));
  },
  listCards(query: CardQuery): ResultAsync<Page<Card>, StoreError> {
    return d.read('listCards', [`cards:${canonicalJson(query)}`], (s) => s.listCards(query));
  },
});
