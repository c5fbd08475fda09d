import type { ResultAsync } from 'neverthrow';
import type { Card } from '../card/card.js';
import type { CardStatus } from '../card/card-status.js';
import type { Channel } from '../channel.js';
import type { CardId, LeadId } from '../ids.js';
import { token } from '../shared/token.js';
import type { Page } from './page.js';
import type { StoreError, VersionConflict } from './store-error.js';

export interface CardQuery {
  readonly status?: CardStatus;
  readonly channel?: Channel;
  readonly leadId?: LeadId;
  readonly limit?: number;
  readonly after?: string;
}

/**
 * The message cards. `putCard` is compare-and-set on `version` (`null` to create). A
 * card's move to `sending` and to its outcome is not written here but by `SendLedger`,
 * in the same atomic step as the ledger entry.
 *
 * @category ports
 */
export interface Cards {
  getCard(id: CardId): ResultAsync<Card | null, StoreError>;
  putCard(card: Card, expectedVersion: number | null): ResultAsync<Card, StoreError | VersionConflict>;
  listCards(query: CardQuery): ResultAsync<Page<Card>, StoreError>;
}
export const Cards = token<Cards>('Cards');
