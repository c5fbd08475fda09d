import type { Card } from '../card/card.js';
import type { Channel } from '../channel.js';
import type { Tier } from '../lead/lead.js';

export const QUEUE_ORDERS = ['oldest', 'newest'] as const;
/** @category model */
export type QueueOrder = (typeof QUEUE_ORDERS)[number];

/** What a reviewer asks of the queue; every filter is optional. @category model */
export interface QueueQuery {
  readonly tier?: Tier;
  readonly channel?: Channel;
  readonly campaignId?: string;
  readonly sourceLabel?: string;
  /** Only cards created at or after this instant (ISO 8601). */
  readonly createdFrom?: string;
  /** Only cards created before this instant (ISO 8601). */
  readonly createdBefore?: string;
  /** `oldest` (default) or `newest` first. */
  readonly order?: QueueOrder;
  readonly limit?: number;
  /** The `next` cursor of the previous page. */
  readonly after?: string;
}

/**
 * The index a pending card is in, one per facet: all pending cards, then one per tier,
 * channel, campaign and source label. A filter is answered from the smallest index
 * among those it names.
 */
export const queueFacets = (card: Pick<Card, 'tier' | 'channel' | 'campaignId' | 'sourceLabel'>): string[] => [
  'all',
  `tier:${card.tier}`,
  `channel:${card.channel}`,
  ...(card.campaignId ? [`campaign:${card.campaignId}`] : []),
  ...(card.sourceLabel ? [`source:${card.sourceLabel}`] : []),
];

/** The facets a query names (`all` when it names none). */
export const queryFacets = (query: QueueQuery): string[] => {
  const named = [
    ...(query.tier ? [`tier:${query.tier}`] : []),
    ...(query.channel ? [`channel:${query.channel}`] : []),
    ...(query.campaignId ? [`campaign:${query.campaignId}`] : []),
    ...(query.sourceLabel ? [`source:${query.sourceLabel}`] : []),
  ];
  return named.length > 0 ? named : ['all'];
};

// Milliseconds since the epoch, zero-padded so the text order is the time order.
const timeKey = (iso: string): string => String(Math.max(0, Date.parse(iso) || 0)).padStart(15, '0');

/**
 * A card's position in the queue indexes and the queue's cursor: creation time, then id,
 * as one string whose text order is the queue order (Redis keeps it in a sorted set of
 * equal scores, ordered by text).
 */
export const queueMember = (card: Pick<Card, 'id' | 'createdAt'>): string => `${timeKey(card.createdAt)}:${card.id}`;

/** The card id a queue member names. */
export const queueMemberId = (member: string): string => member.slice(member.indexOf(':') + 1);

/** A time bound in member text: every member created at or after `iso` sorts at or after it. */
export const queueTimeBound = (iso: string): string => timeKey(iso);

/** True when a pending card answers every filter of the query (the index scan re-checks each card it loads). */
export const matchesQueue = (card: Card, query: QueueQuery): boolean =>
  card.status === 'pending' &&
  (query.tier === undefined || card.tier === query.tier) &&
  (query.channel === undefined || card.channel === query.channel) &&
  (query.campaignId === undefined || card.campaignId === query.campaignId) &&
  (query.sourceLabel === undefined || card.sourceLabel === query.sourceLabel) &&
  (query.createdFrom === undefined || queueMember(card) >= queueTimeBound(query.createdFrom)) &&
  (query.createdBefore === undefined || queueMember(card) < queueTimeBound(query.createdBefore));
