import { SUPPRESSION_REASONS } from '@caio/core';
import { z } from 'zod';

// Response schemas of the do-not-contact list and erasure routes, in zod like
// `response-schemas.ts`: responses are serialised through them and the OpenAPI document
// is generated from them.

const iso = z.string().describe('ISO 8601 instant');

/** One entry of the do-not-contact list (`Suppression` in core). */
export const suppressionSchema = z.looseObject({
  target: z.string().describe('an identity key (email:…, linkedin:…), domain:<host>, or erased:<hash> (an erasure tombstone)'),
  reason: z.enum(SUPPRESSION_REASONS),
  source: z.string().describe('operator, import, or the webhook it came from (instantly:<event id>…)'),
  at: iso,
  actor: z.string().optional(),
  note: z.string().optional(),
});

export const suppressionListResponse = z.object({ items: z.array(suppressionSchema), next: z.string().nullable().describe('pass as `after` for the next page; null on the last page') });
export const suppressionAddedResponse = z.object({ added: z.boolean().describe('false when the target was already listed (kept as it was)'), suppression: suppressionSchema });
export const suppressionRemovedResponse = z.object({ removed: suppressionSchema });
export const suppressionImportResponse = z.object({ added: z.number().int(), existing: z.number().int().describe('entries already listed, kept as they were') });

export const erasureResponse = z.object({
  leadId: z.string().nullable().describe('the erased lead, or null when only keys were tombstoned'),
  tombstones: z.number().int().describe('keys now kept as hashed tombstones'),
  report: z.looseObject({
    leads: z.number().int(),
    cardsDeleted: z.number().int(),
    cardsRedacted: z.number().int(),
    ledgerEntries: z.number().int(),
    inboxEvents: z.number().int(),
    quarantined: z.number().int(),
    auditEntries: z.number().int(),
  }),
});
