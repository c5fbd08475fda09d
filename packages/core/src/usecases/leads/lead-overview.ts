import { ResultAsync } from 'neverthrow';
import type { Card } from '../../card/card.js';
import type { CardStatus } from '../../card/card-status.js';
import { identityKeys } from '../../lead/identity.js';
import type { Lead } from '../../lead/lead.js';
import type { CadenceStops } from '../../ports/cadence-stops.js';
import type { Cards } from '../../ports/cards.js';
import type { StoreError } from '../../ports/store-error.js';
import type { Suppressions } from '../../ports/suppressions.js';
import { suppressionTargetsFor } from '../../suppression/suppression.js';

/** Where a lead stands: `new` (no card yet) or the status of its latest card. @category model */
export type LeadStatus = 'new' | CardStatus;

/** A lead with what a list shows and filters on besides its own fields. @category model */
export interface LeadOverview {
  readonly lead: Lead;
  readonly status: LeadStatus;
  readonly latestCardId: string | null;
  /** A reply stopped its cadence (any of its identity keys). */
  readonly replied: boolean;
  /** Any suppression covers it (a key or its e-mail domain). */
  readonly suppressed: boolean;
}

export type LeadOverviewStore = Cards & CadenceStops & Suppressions;

const latest = (cards: readonly Card[]): Card | undefined => [...cards].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1))[0];

/** A lead's status, reply and suppression, from its cards (indexed by lead), its cadence stops and suppressions (by key). */
export const leadOverview = (store: LeadOverviewStore, lead: Lead): ResultAsync<LeadOverview, StoreError> =>
  ResultAsync.combine([
    store.listCards({ leadId: lead.id, limit: 1000 }),
    store.findCadenceStops(identityKeys(lead.identity)),
    store.findSuppressions(suppressionTargetsFor(lead.identity)),
  ] as const).map(([cards, stops, suppressions]) => {
    const card = latest(cards.items);
    return {
      lead,
      status: card?.status ?? 'new',
      latestCardId: card?.id ?? null,
      replied: stops.some((s) => s.reason === 'replied'),
      suppressed: suppressions.length > 0,
    };
  });
