import { CARD_STATUSES, DENIALS, TIERS, WEBHOOK_PROVIDERS } from '@caio/core';
import { z } from 'zod';

// Response schemas of the API, in zod: Fastify serialises every response through them
// (a reply that does not match is a 500, so a test catches a drifting schema) and the
// OpenAPI document is generated from them. Records are "loose": the fields listed are
// always there, and fields added later pass through until documented.

const iso = z.string().describe('ISO 8601 instant');

/** The body of every error: its tag, a sentence, and the tag's own fields. */
export const errorBody = z.looseObject({ error: z.string().describe('the error tag (ValidationError, NotFound, IllegalTransition, StoreUnavailable...)'), message: z.string() });

const ERROR_MEANING: Readonly<Record<number, string>> = {
  400: 'the request does not match the schema, or an id is malformed',
  401: 'missing or wrong dashboard token',
  403: 'the signed-in user\'s role does not allow this action (the body names the role it needs)',
  404: 'no such record',
  409: 'the record changed meanwhile, or the transition is not allowed',
  413: 'the body is too large',
  415: 'unsupported content type',
  422: 'nothing to do (an empty batch) or a card that cannot be drafted',
  429: 'too many failed attempts; retry later',
  500: 'stored data is damaged, or a bug (the trace id is in the body)',
  503: 'the store is unavailable or sends are blocked',
};

/** Error responses by status, each the `Error` body. */
export const errors = (...statuses: readonly number[]): Record<number, typeof errorBody> =>
  Object.fromEntries(statuses.map((status) => [status, errorBody.describe(ERROR_MEANING[status] ?? 'error')]));

/** The errors every dashboard route can answer (auth, limiter, store). */
export const API_ERRORS = [401, 429, 500, 503] as const;

const qualityReport = z.looseObject({ passed: z.boolean(), hits: z.array(z.looseObject({ check: z.string(), field: z.string(), detail: z.string() })) });

export const cardSchema = z
  .looseObject({
    id: z.string(),
    leadId: z.string(),
    leadKeys: z.array(z.string()),
    tier: z.enum(TIERS),
    channel: z.string().describe('ghl_email, instantly, heyreach, or a registered channel'),
    campaignId: z.string().optional(),
    subject: z.string().optional(),
    body: z.string(),
    opener: z.string(),
    personalization: z.record(z.string(), z.string()),
    step: z.number().int(),
    status: z.enum(CARD_STATUSES),
    version: z.number().int(),
    contentDigest: z.string(),
    quality: qualityReport,
    createdAt: iso,
    updatedAt: iso,
    approvedBy: z.string().optional(),
    approvedAt: iso.optional(),
  })
  ;

export const leadSchema = z
  .looseObject({
    id: z.string(),
    identity: z.looseObject({ email: z.string().nullable().optional(), linkedin: z.string().nullable().optional() }),
    sourceLabel: z.string(),
    tier: z.enum(TIERS),
    firstName: z.string().optional(),
    company: z.string().optional(),
    createdAt: iso,
    updatedAt: iso,
    version: z.number().int(),
  })
  ;

const batchOutcome = z.looseObject({ cardId: z.string(), result: z.string().describe('sent, denied, failed, unknown, snapshot_drift, already_claimed...'), detail: z.string().optional() });

export const batchOutcomeSchema = batchOutcome;

export const batchSchema = z
  .looseObject({
    id: z.string(),
    items: z.array(z.looseObject({ cardId: z.string(), contentDigest: z.string() })),
    snapshotDigest: z.string(),
    status: z.string(),
    createdBy: z.string(),
    createdAt: iso,
    updatedAt: iso,
    version: z.number().int(),
    outcomes: z.array(batchOutcome),
  })
  ;

export const emergencyStopSchema = z.looseObject({ engaged: z.boolean(), by: z.string().optional(), reason: z.string().optional(), at: iso.optional() });

export const denialSchema = z.looseObject({ rule: z.enum(DENIALS), detail: z.string() });

/** What an approval did about sending (null when the card waits for a batch). */
const sendSummary = z
  .looseObject({
    result: z.enum(['sent', 'denied', 'failed', 'unknown', 'snapshot_drift', 'refused', 'scheduled']),
    send_after: iso.optional().describe('when a scheduled send goes (APPROVAL_UNDO_SECONDS), unless withdrawn'),
    sandbox: z.boolean().optional(),
    receipt: z.record(z.string(), z.unknown()).optional(),
    denials: z.array(denialSchema).optional(),
    reason: z.string().optional(),
    detail: z.string().optional(),
  })
  .nullable();

export const queueResponse = z.object({
  items: z.array(z.object({ card: cardSchema, lead: leadSchema.nullable() })),
  next: z.string().optional().describe('pass as `cursor` for the next page; absent on the last page'),
});
export const approveResponse = z.object({ card: cardSchema, message: z.string(), send: sendSummary });
export const cardResponse = z.object({ card: cardSchema });
export const batchResponse = z.object({ batch: batchSchema });
export const emergencyStopResponse = z.object({ emergency_stop: emergencyStopSchema, mode: z.enum(['supervised', 'autonomous']).optional() });
export const statusResponse = z.looseObject({
  send_mode: z.enum(['sandbox', 'live']),
  mode: z.enum(['supervised', 'autonomous']),
  emergency_stop: emergencyStopSchema,
  send_window: z.object({ timezone: z.string(), start: z.string(), end: z.string(), open_now: z.boolean(), override: z.boolean() }),
  daily_cap: z.looseObject({
    day: z.string(),
    used: z.number().int(),
    limit: z.number().int(),
    clean_days_in_row: z.number().int().optional(),
    why: z.string().optional(),
    channels: z
      .array(z.object({ channel: z.string(), used: z.number().int(), limit: z.number().int(), why: z.string() }))
      .describe('channels with a cap of their own (SEND_CHANNEL_CAPS), on top of `limit`; empty when none'),
  }),
  rejection_tags: z.array(z.string()),
  min_reason_length: z.number().int(),
  channels: z.array(z.string()),
});
export const queueTraceResponse = z.looseObject({
  total_pending: z.number().int(),
  ready_for_live_send: z.number().int(),
  approved_waiting: z.number().int(),
  unknown_outcomes: z.number().int(),
  denials_by_rule: z.record(z.string(), z.number().int()),
  oldest_pending_age_minutes: z.number().nullable(),
  past_approval_sla: z.number().int(),
  approval_sla_minutes: z.number().int(),
  daily_cap: z.number().int(),
  daily_cap_reason: z.string(),
  channel_caps: z.array(z.object({ channel: z.string(), cap: z.number().int(), used: z.number().int(), reason: z.string() })).describe('channels with a cap of their own (SEND_CHANNEL_CAPS)'),
  generated_at: iso,
});
export const rejectionSummaryResponse = z.looseObject({
  totalReviewed: z.number().int(),
  totalRejected: z.number().int(),
  topTags: z.array(z.object({ tag: z.string(), count: z.number().int() })),
  perDay: z.array(z.looseObject({})),
  trend: z.string(),
});
export const readinessSchema = z.looseObject({ go: z.boolean(), criteria: z.array(z.looseObject({ name: z.string(), passed: z.boolean(), detail: z.string() })) });
export const readinessResponse = readinessSchema;
export const auditResponse = z.object({
  entries: z.array(
    z.looseObject({ id: z.string(), trace: z.looseObject({ traceId: z.string(), actor: z.string(), at: iso, origin: z.string() }), action: z.string(), detail: z.record(z.string(), z.unknown()) }),
  ),
});

export const healthResponse = z.object({ status: z.literal('ok') });
export const readyResponse = z.looseObject({ ready: z.boolean(), store: z.looseObject({ ok: z.boolean(), backend: z.string(), sends_blocked: z.string().optional() }) });

export const webhookProviderParams = z.object({ provider: z.string().describe(`one of ${WEBHOOK_PROVIDERS.join(', ')}`) });
export const webhookAccepted = z.looseObject({
  accepted: z.boolean().describe('true once every event is durably recorded; false for a quarantined body or an RB2B delivery that could not be recorded'),
  applied: z.number().int().optional().describe('events applied with the answer (audit-only: opens, clicks, ignored)'),
  pending: z.number().int().optional().describe('events recorded and applied in the background (effects: suppressions, cadence stops, leads)'),
  duplicates: z.number().int().optional(),
  quarantined: z.boolean().optional(),
  spooled: z.boolean().optional().describe('RB2B: the store could not take it; kept in the local spool, replayed when the store is back'),
  retry: z.boolean().optional(),
  events: z.array(z.looseObject({ eventId: z.string(), status: z.enum(['applied', 'accepted', 'duplicate']) })).optional(),
  reason: z.string().optional(),
});
