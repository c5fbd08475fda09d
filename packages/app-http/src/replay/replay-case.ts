import { CARD_STATUSES, DENIALS, LEDGER_STATES, MODES, parseSendWindow, PROVIDER_CREDENTIAL_STATES, SUPPRESSION_REASONS, TIERS } from '@caio/core';
import { z } from 'zod';

// Any channel id: the built-ins, or one the case registers in `channels`.
const channel = z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, 'must be a channel id ([a-z][a-z0-9_]{1,31})');

/** A channel registered next to the built-ins for this case (an adapter's channel). */
const channelDescriptor = z
  .object({
    id: channel,
    firstTouchEligible: z.boolean().default(true),
    needsCampaign: z.boolean().default(false),
    email: z.boolean().default(false),
    exclusiveWith: z.union([z.literal('*'), z.array(channel)]).default([]),
  })
  .strict();

const sendWindow = z.string().superRefine((raw, ctx) => {
  const parsed = parseSendWindow(raw);
  if (parsed.isErr()) ctx.addIssue({ code: 'custom', message: parsed.error.message });
});

// Every section may be left out; a missing field takes the value under which its rules
// allow: the default window (15:00-17:00 New York) and cap (5), supervised mode, stop
// released, a human-approved Tier 1 GHL first touch that passed the gate, nothing on record.
const config = z
  .object({
    timeZone: z.string().min(1).default('America/New_York'),
    window: sendWindow.default('15:00-17:00'),
    dailyCap: z.number().int().min(0).default(5),
    rampSchedule: z.array(z.object({ afterCleanDays: z.number().int().min(0), dailyCap: z.number().int().min(0) }).strict()).default([]),
    leadQuietHours: sendWindow.optional(),
    /** SEND_CHANNEL_CAPS as recorded: channel -> its own cap (absent: no channel has one). */
    channelCaps: z.record(channel, z.number().int().min(0)).optional(),
  })
  .strict();

const controls = z
  .object({ stopEngaged: z.boolean().default(false), mode: z.enum(MODES).default('supervised'), windowOverride: z.boolean().default(false) })
  .strict();

const card = z
  .object({
    channel: channel.default('ghl_email'),
    tier: z.enum(TIERS).default('tier_1'),
    status: z.enum(CARD_STATUSES).default('approved'),
    approvedByHuman: z.boolean().default(true),
    step: z.number().int().min(0).default(0),
    /** Defaults to what the channel needs: `not_needed` for GHL, `mapped` otherwise. */
    campaign: z.enum(['not_needed', 'mapped', 'missing', 'unknown']).optional(),
    qualityPassed: z.boolean().default(true),
    /** The provider's last credential check (live mode); absent: not checked. */
    providerCredentials: z.enum(PROVIDER_CREDENTIAL_STATES).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.campaign === undefined) return;
    if ((c.channel === 'ghl_email') !== (c.campaign === 'not_needed')) {
      ctx.addIssue({ code: 'custom', path: ['campaign'], message: 'GHL cards need no campaign (not_needed); Instantly and HeyReach cards are mapped, missing or unknown' });
    }
  });

const history = z
  .object({
    sentToday: z.number().int().min(0).default(0),
    /** Sends today on the card's channel (recorded when its channel cap mattered). */
    sentTodayOnChannel: z.number().int().min(0).default(0),
    cleanDaysInRow: z.number().int().min(0).default(0),
    suppressions: z.array(z.enum(SUPPRESSION_REASONS)).default([]),
    firstTouches: z.array(z.object({ by: z.enum(['this_card', 'another_card']), channel }).strict()).default([]),
    previousStep: z.object({ state: z.enum(LEDGER_STATES), channel }).strict().nullable().default(null),
    cadenceStops: z.array(z.enum(['replied', 'bounced', 'unsubscribed', 'manual'])).default([]),
  })
  .strict();

const expectation = z
  .object({
    allowed: z.boolean(),
    /** Every rule expected to deny (the policy lists all failing rules, not only the first). */
    denials: z.array(z.enum(DENIALS)).default([]),
    /** When given, the send day the decision counts the cap in (the send timezone's date). */
    dayKey: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    /** When given, the cap that applied (base cap raised by the ramp). */
    dailyCap: z.number().int().min(0).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.allowed === (e.denials.length > 0)) ctx.addIssue({ code: 'custom', path: ['denials'], message: 'an allowed decision has no denials; a denied one names at least one' });
    if (new Set(e.denials).size !== e.denials.length) ctx.addIssue({ code: 'custom', path: ['denials'], message: 'a rule is named twice' });
  });

/**
 * One recorded decision: the clock, the configuration, the controls, the lead and the card
 * as the policy sees them, what the store knew (today's count, clean days, suppressions,
 * first touches, the previous step, cadence stops), and the decision expected. The shape
 * is core's `PolicyDecisionRecord`, so `caio replay record` writes audit history as cases.
 * Case files are untrusted input: parsed strictly, unknown fields refused.
 *
 * @category model
 */
export const replayCaseSchema = z
  .object({
    name: z.string().min(1),
    /** The rules (DENIALS names) and tracker edge cases the case exercises. */
    covers: z.array(z.string().min(1)).min(1),
    now: z.iso.datetime({ offset: true }),
    config: config.prefault({}),
    controls: controls.prefault({}),
    lead: z.object({ timezone: z.string().min(1).optional() }).strict().prefault({}),
    /** Channels registered besides the built-ins (`ghl_email`, `instantly`, `heyreach`). */
    channels: z.array(channelDescriptor).default([]),
    card: card.prefault({}),
    history: history.prefault({}),
    expect: expectation,
    /** Set by `caio replay record`: the audit entry the case was recorded from. */
    recordedFrom: z.object({ auditId: z.string().min(1), cardId: z.string().optional(), traceId: z.string(), at: z.string() }).strict().optional(),
  })
  .strict();

export type ReplayCase = z.infer<typeof replayCaseSchema>;
