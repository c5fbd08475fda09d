import { CHANNELS, QUEUE_ORDERS, QUEUE_PRESETS, TIERS } from '@caio/core';
import { z } from 'zod';

// "1" and "tier_1" both name Tier 1.
const tier = z.preprocess((v) => (typeof v === 'string' && /^[123]$/.test(v) ? `tier_${v}` : v), z.enum(TIERS));
const hours = z.coerce.number().min(0).max(24 * 365);
const label = z.string().trim().min(1).max(128);

/**
 * The review-queue filters of `GET /api/queue` and `caio queue list`, parsed where they
 * enter (query string, command line). The cursor is the `next` of the previous page.
 */
export const queueFiltersSchema = z.object({
  preset: z.enum(QUEUE_PRESETS).optional(),
  tier: tier.optional(),
  channel: z.enum(CHANNELS).optional(),
  campaign: label.optional(),
  source: label.optional(),
  max_age_hours: hours.optional(),
  min_age_hours: hours.optional(),
  order: z.enum(QUEUE_ORDERS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().regex(/^\d{15}:[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'is not a cursor this queue returned').optional(),
});
export type QueueFiltersInput = z.infer<typeof queueFiltersSchema>;

/** The parsed filters in core's terms. */
export const toQueueFilters = (input: QueueFiltersInput) => ({
  preset: input.preset,
  tier: input.tier,
  channel: input.channel,
  campaign: input.campaign,
  source: input.source,
  maxAgeHours: input.max_age_hours,
  minAgeHours: input.min_age_hours,
  order: input.order,
  limit: input.limit,
  cursor: input.cursor,
});
