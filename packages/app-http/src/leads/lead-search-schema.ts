import { CARD_STATUSES, LEAD_SOURCES, TIERS, type LeadSearch } from '@caio/core';
import { z } from 'zod';

const tier = z.preprocess((v) => (typeof v === 'string' && /^[123]$/.test(v) ? `tier_${v}` : v), z.enum(TIERS));
const yesNo = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The lead filters of `GET /api/leads` and `caio leads list`, parsed where they enter. */
export const leadSearchSchema = z.object({
  q: z.string().trim().max(200).optional(),
  source: z.enum(LEAD_SOURCES).optional(),
  label: z.string().trim().min(1).max(128).optional(),
  tier: tier.optional(),
  status: z.enum(['new', ...CARD_STATUSES]).optional(),
  replied: yesNo.optional(),
  suppressed: yesNo.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'is not a cursor this list returned').optional(),
});

/** The parsed filters in core's terms. */
export const toLeadSearch = (input: z.infer<typeof leadSearchSchema>): LeadSearch => ({
  q: input.q,
  source: input.source,
  sourceLabel: input.label,
  tier: input.tier,
  status: input.status,
  replied: input.replied,
  suppressed: input.suppressed,
  limit: input.limit,
  after: input.cursor,
});
