import { TIERS } from '@caio/core';
import { z } from 'zod';
import { cardSchema } from './response-schemas.js';

// Response schemas of a card's timeline, the replies inbox, pauses, re-mapping and
// routing, in zod like `response-schemas.ts`: responses are serialised through them and
// the OpenAPI document is generated from them.

const iso = z.string().describe('ISO 8601 instant');

export const timelineResponse = z.object({
  card: cardSchema,
  events: z.array(
    z.looseObject({
      at: iso,
      kind: z.string().describe('crafted, edited, approved, claimed, sent, delivered, opened, clicked, replied, bounced...'),
      action: z.string().describe('the audit action it comes from'),
      actor: z.string(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const replySchema = z.looseObject({
  id: z.string().describe('the reply\'s audit entry id (what /api/replies/{id}/handled takes)'),
  at: iso,
  provider: z.string(),
  channel: z.string(),
  snippet: z.string().nullable(),
  identityKeys: z.array(z.string()),
  lead: z.looseObject({ id: z.string(), firstName: z.string().optional(), lastName: z.string().optional(), company: z.string().optional() }).nullable(),
  handled: z.object({ by: z.string(), at: iso, note: z.string() }).nullable(),
});
export const repliesResponse = z.object({ items: z.array(replySchema) });
export const replyHandledResponse = z.object({ handled: z.literal(true), already: z.boolean().describe('true when it was already marked handled (nothing changed)') });

export const pausesResponse = z.object({ channels: z.array(z.string()), campaigns: z.array(z.string()) });

export const remapResponse = z.object({ card: cardSchema });

const routingRuleSchema = z.object({ sourceLabel: z.string(), tier: z.enum([...TIERS, '*']).describe('a tier, or * for any'), channel: z.string(), campaignId: z.string().optional() });
export const routingRulesResponse = z.object({ rules: z.array(routingRuleSchema) });
export const routingResponse = z.object({
  rules: z.array(routingRuleSchema),
  campaigns: z.record(z.string(), z.array(z.string())).describe('the campaigns each channel lists, sorted'),
});
