import type { Batch } from '../batch/batch.js';
import type { Card } from '../card/card.js';
import type { Lead } from '../lead/lead.js';
import type { LedgerEntry } from '../ledger/send-ledger.js';
import { ledgerId } from './memory-state.js';
import { queueFacets, queueMember } from '../queue/queue-query.js';
import { MemoryAuditIndex } from './memory-audit-index.js';
import { SortedFacetIndex, type FacetPlacement } from './sorted-facet-index.js';

/** The card lists by id: all, by status, by status and channel, by channel, by lead. */
export const cardFacets = (card: Pick<Card, 'status' | 'channel' | 'leadId'>): string[] => [
  'all',
  `status:${card.status}`,
  `status:${card.status}:channel:${card.channel}`,
  `channel:${card.channel}`,
  `lead:${card.leadId}`,
];

/** The facet a card query reads first (the lead lists are read by `personCardIds`). */
export const cardQueryFacet = (query: { status?: string; channel?: string }): string =>
  query.status !== undefined && query.channel !== undefined
    ? `status:${query.status}:channel:${query.channel}`
    : query.status !== undefined
      ? `status:${query.status}`
      : query.channel !== undefined
        ? `channel:${query.channel}`
        : 'all';

/** The lead lists by id: all, by source label. */
export const leadFacets = (lead: Pick<Lead, 'sourceLabel'>): string[] => ['all', `label:${lead.sourceLabel}`];

/** The ledger lists by entry id (`<card>#<step>`): all, by state (those by identity key are `MemoryState.ledgerByKey`). */
export const ledgerFacets = (entry: Pick<LedgerEntry, 'state'>): string[] => ['all', `state:${entry.state}`];

/** The batch lists by id: all, by status. */
export const batchFacets = (batch: Pick<Batch, 'status'>): string[] => ['all', `status:${batch.status}`];

const placeInQueue = (card: Card): FacetPlacement => (card.status === 'pending' ? { member: queueMember(card), facets: queueFacets(card) } : null);
const placeCard = (card: Card): FacetPlacement => ({ member: card.id, facets: cardFacets(card) });
const placeLead = (lead: Lead): FacetPlacement => ({ member: lead.id, facets: leadFacets(lead) });
const placeLedgerEntry = (entry: LedgerEntry): FacetPlacement => ({ member: ledgerId(entry.cardId, entry.step), facets: ledgerFacets(entry) });
const placeBatch = (batch: Batch): FacetPlacement => ({ member: batch.id, facets: batchFacets(batch) });

/**
 * Every derived index of the reference store, in one place so each write path keeps all
 * of them in step with one call: the review queue (pending cards in queue order, see
 * `queueFacets`), the card lists (`cardFacets`), the lead lists (`leadFacets`), the
 * ledger lists by state (`ledgerFacets`), the batch lists (`batchFacets`) and the audit
 * lists (`auditFacets`).
 * Never saved; a durable store `reset`s them when it reloads its state.
 *
 * @category adapters
 */
export class MemoryIndexes {
  readonly queue = new SortedFacetIndex<Card>(placeInQueue);
  readonly cards = new SortedFacetIndex<Card>(placeCard);
  readonly batches = new SortedFacetIndex<Batch>(placeBatch);
  readonly leads = new SortedFacetIndex<Lead>(placeLead);
  readonly ledger = new SortedFacetIndex<LedgerEntry>(placeLedgerEntry);
  readonly audit = new MemoryAuditIndex();

  /** A card was written (`null` or `undefined`: removed). */
  cardWritten(id: string, card: Card | null | undefined): void {
    this.queue.touch(id, card);
    this.cards.touch(id, card);
  }

  /** A batch was written (`null` or `undefined`: removed). */
  batchWritten(id: string, batch: Batch | null | undefined): void {
    this.batches.touch(id, batch);
  }

  /** A lead was written (`null` or `undefined`: removed, or absorbed by a merge). */
  leadWritten(id: string, lead: Lead | null | undefined): void {
    this.leads.touch(id, lead);
  }

  /** A ledger entry was written (under its id, `<card>#<step>`). */
  ledgerWritten(id: string, entry: LedgerEntry | null | undefined): void {
    this.ledger.touch(id, entry);
  }

  /** Forgets everything: the next read of each index rebuilds it from the state. */
  reset(): void {
    this.queue.reset();
    this.cards.reset();
    this.batches.reset();
    this.leads.reset();
    this.ledger.reset();
    this.audit.reset();
  }
}
