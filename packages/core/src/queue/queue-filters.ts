import type { Channel } from '../channel.js';
import type { Tier } from '../lead/lead.js';
import type { QueueOrder, QueueQuery } from './queue-query.js';

export const QUEUE_PRESETS = ['fresh_tier_1'] as const;
/** @category model */
export type QueuePreset = (typeof QUEUE_PRESETS)[number];

/** How long a card stays "fresh" for the `fresh_tier_1` preset. */
export const FRESH_HOURS = 24;

/** The queue filters as a reviewer states them (API query string, CLI options): ages in hours from now. */
export interface QueueFilters {
  readonly preset?: QueuePreset | undefined;
  readonly tier?: Tier | undefined;
  readonly channel?: Channel | undefined;
  readonly campaign?: string | undefined;
  readonly source?: string | undefined;
  /** Only cards at most this many hours old. */
  readonly maxAgeHours?: number | undefined;
  /** Only cards at least this many hours old. */
  readonly minAgeHours?: number | undefined;
  readonly order?: QueueOrder | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/**
 * Turns filters into a store query at `now`. The `fresh_tier_1` preset is Tier 1 cards
 * at most a day old, newest first (a visitor is worth most while the visit is recent);
 * any filter stated with it wins over the preset's.
 */
export const queueQueryFor = (filters: QueueFilters, now: Date): QueueQuery => {
  const preset: QueueFilters = filters.preset === 'fresh_tier_1' ? { tier: 'tier_1', maxAgeHours: FRESH_HOURS, order: 'newest' } : {};
  const f = { ...preset, ...definedOnly(filters) };
  const hoursAgo = (hours: number): string => new Date(now.getTime() - hours * 3_600_000).toISOString();
  return {
    ...(f.tier ? { tier: f.tier } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.campaign ? { campaignId: f.campaign } : {}),
    ...(f.source ? { sourceLabel: f.source } : {}),
    ...(f.maxAgeHours !== undefined ? { createdFrom: hoursAgo(f.maxAgeHours) } : {}),
    ...(f.minAgeHours !== undefined ? { createdBefore: hoursAgo(f.minAgeHours) } : {}),
    ...(f.order ? { order: f.order } : {}),
    ...(f.limit !== undefined ? { limit: f.limit } : {}),
    ...(f.cursor ? { after: f.cursor } : {}),
  };
};

const definedOnly = (filters: QueueFilters): QueueFilters => Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')) as QueueFilters;
