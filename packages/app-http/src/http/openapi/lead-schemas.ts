import { CARD_STATUSES } from '@caio/core';
import { z } from 'zod';
import { ledgerEntrySchema } from './console-schemas.js';
import { auditResponse, cardSchema, leadSchema } from './response-schemas.js';
import { suppressionSchema } from './suppression-schemas.js';

// Response schemas of the lead list, a lead's page and the lead import, in zod like
// `response-schemas.ts`: responses are serialised through them and the OpenAPI document
// is generated from them.

const iso = z.string().describe('ISO 8601 instant');
const auditEntries = auditResponse.shape.entries;

/** A lead with its status (its latest card's, or `new`), reply and suppression (`LeadOverview` in core). */
const leadOverviewShape = {
  lead: leadSchema,
  status: z.enum(['new', ...CARD_STATUSES]),
  latestCardId: z.string().nullable(),
  replied: z.boolean().describe('a reply stopped its cadence (any of its identity keys)'),
  suppressed: z.boolean().describe('a suppression covers one of its keys or its e-mail domain'),
};

export const leadPageResponse = z.object({
  items: z.array(z.looseObject(leadOverviewShape)),
  next: z.string().optional().describe('pass as `after` for the next page'),
  scanned: z.number().int().describe('leads read to fill this page (at most 2,000)'),
});

export const leadDetailResponse = z.looseObject({
  ...leadOverviewShape,
  identityKeys: z.array(z.string()),
  fields: z.array(z.object({ name: z.string(), value: z.string(), provenance: z.string() })),
  cards: z.array(cardSchema),
  touches: z.array(ledgerEntrySchema).describe('sends over any of its identity keys, newest claim first'),
  receipts: z.array(
    z.object({ cardId: z.string(), step: z.number().int(), channel: z.string(), receipt: z.record(z.string(), z.unknown()).describe('what the provider answered: string, number, boolean or null values'), sandbox: z.boolean() }),
  ),
  history: auditEntries.describe('audit entries of the lead and its cards, newest first'),
  webhookEvents: auditEntries.describe('the provider webhook events among them'),
  suppressions: z.array(suppressionSchema),
  cadenceStops: z.array(z.object({ identityKey: z.string(), reason: z.enum(['replied', 'bounced', 'unsubscribed', 'manual']), at: iso })),
});

const rowMessage = z.object({ row: z.number().int(), message: z.string() });

/** What an import did, or would do (dry run). */
export const leadImportResponse = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  merged: z.number().int(),
  bridged: z.number().int().describe('existing leads joined into the person a row showed they belong to'),
  conflicts: z.array(rowMessage),
  refused: z.array(z.object({ row: z.number().int(), reason: z.string() })),
  warnings: z.array(rowMessage),
  preview: z.array(
    z.object({
      row: z.number().int(),
      result: z.enum(['create', 'merge', 'refused']),
      email: z.string().nullable(),
      linkedin: z.string().nullable(),
      name: z.string(),
      company: z.string().nullable(),
      tier: z.string(),
      label: z.string(),
    }),
  ),
});
