import { BATCH_STATUSES, JOB_STATES, LEDGER_STATES, ROLES, WEBHOOK_PROVIDERS } from '@caio/core';
import { z } from 'zod';
import { auditResponse, batchOutcomeSchema, batchSchema, cardSchema, denialSchema, leadSchema, readinessSchema } from './response-schemas.js';

// Response schemas of the console's routes (batches as jobs, autonomy, users, review
// actions, outcomes, quarantine), in zod like `response-schemas.ts`: responses are
// serialised through them and the OpenAPI document is generated from them.

const iso = z.string().describe('ISO 8601 instant');

/** How far a batch got: items done of the total, and how many ended each way. */
export const progressSchema = z.looseObject({ done: z.number().int(), total: z.number().int(), counts: z.record(z.string(), z.number().int()) });

/** A batch execution job as the engine sees it (null once the engine no longer keeps it). */
export const jobViewSchema = z
  .looseObject({
    id: z.string(),
    state: z.enum(JOB_STATES),
    attempts: z.number().int(),
    progress: progressSchema.nullable(),
    enqueued_at: iso,
    finished_at: iso.optional(),
    summary: z.string().optional(),
    failed_reason: z.string().optional(),
  })
  .nullable();

export const batchListResponse = z.object({
  batches: z.array(
    z.looseObject({ id: z.string(), status: z.enum(BATCH_STATUSES), created_by: z.string(), created_at: iso, updated_at: iso, items: z.number().int(), progress: progressSchema }),
  ),
  next: z.string().optional().describe('pass as `after` for the next page'),
});

export const batchDetailResponse = z.object({ batch: batchSchema, job: jobViewSchema, progress: progressSchema });

/** A finished (or dry-run) execution: the batch and its outcomes. */
export const executedResponse = z.object({ batch: batchSchema, dry_run: z.boolean(), already_executed: z.boolean(), outcomes: z.array(batchOutcomeSchema), job: jobViewSchema.optional() });

/** An execution queued as a job (202): the job, or the batch so far when `wait` ran out. */
export const executeAcceptedResponse = z.looseObject({
  batch_id: z.string().optional(),
  batch: batchSchema.optional(),
  dry_run: z.boolean().optional(),
  already_executed: z.boolean().optional(),
  outcomes: z.array(batchOutcomeSchema).optional(),
  job: jobViewSchema,
});

export const autonomySwitchResponse = z.object({ mode: z.enum(['supervised', 'autonomous']), readiness: readinessSchema.optional() });

export const meResponse = z.object({ name: z.string(), role: z.enum(ROLES), actor: z.string(), source: z.enum(['user', 'dashboard-token', 'open']), permissions: z.array(z.string()) });

export const ledgerEntrySchema = z.looseObject({ cardId: z.string(), step: z.number().int(), channel: z.string(), state: z.enum(LEDGER_STATES), dayKey: z.string(), claimedAt: iso, reason: z.string().optional() });

export const unknownOutcomesResponse = z.object({
  items: z.array(z.object({ entry: ledgerEntrySchema, card: cardSchema.nullable(), lead: leadSchema.nullable(), evidence: auditResponse.shape.entries })),
});
export const resolvedOutcomeResponse = z.object({ entry: ledgerEntrySchema });

const quarantineDecisionSchema = z.looseObject({ id: z.string(), action: z.enum(['discarded', 'reapplied']), by: z.string(), at: iso, note: z.string() });
export const quarantineListResponse = z.object({
  items: z.array(
    z.object({
      delivery: z.looseObject({ id: z.string(), provider: z.enum(WEBHOOK_PROVIDERS), receivedAt: iso, reason: z.string(), body: z.string().describe('the first 64 KiB of the body') }),
      decision: quarantineDecisionSchema.nullable(),
    }),
  ),
});
export const quarantineDecisionResponse = z.object({ decision: quarantineDecisionSchema });
export const quarantineReappliedResponse = z.looseObject({ decision: quarantineDecisionSchema, events: z.array(z.looseObject({ eventId: z.string(), status: z.enum(['applied', 'duplicate']) })) });

export const withdrawResponse = z.object({ card: cardSchema, message: z.string() });
export const approvalsResponse = z.object({
  items: z.array(z.object({ card: cardSchema, denials: z.array(denialSchema), may_go_at: iso.nullable(), when: z.string() })),
});
