import { DEFAULT_BREAKER_THRESHOLDS, TIERS, type AutonomyConfig, type ChannelCounts, type RampStep, type Tier } from '@caio/core';
import { z } from 'zod';
import { bool, int } from './env-fields.js';
import { parseChannelCaps } from './parse-channel-caps.js';

type Env = Readonly<Record<string, string | undefined>>;

interface Problem {
  readonly variable: string;
  readonly message: string;
}

const ratio = (fallback: number) =>
  z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a ratio between 0 and 1, e.g. 0.05')
    .optional()
    .transform((v) => (v === undefined ? fallback : Number(v)));

const b = DEFAULT_BREAKER_THRESHOLDS;

const schema = z.object({
  SEND_RAMP: z.string().optional(),
  SEND_CHANNEL_CAPS: z.string().optional(),
  AUTONOMY_TIERS: z.string().optional(),
  AUTONOMY_REVIEW_DELAY_MINUTES: int(30, 0, 10_080),
  AUTONOMY_UNKNOWN_MAX_MINUTES: int(b.unknownMaxMinutes, 1, 10_080),
  AUTONOMY_RATE_WINDOW_HOURS: int(b.rateWindowHours, 1, 720),
  AUTONOMY_BOUNCE_RATE_MAX: ratio(b.bounceRateMax),
  AUTONOMY_COMPLAINT_RATE_MAX: ratio(b.complaintRateMax),
  AUTONOMY_RATE_MIN_SENDS: int(b.rateMinSends, 1, 100_000),
  AUTONOMY_WEBHOOK_AUTH_FAILURES_MAX: int(b.webhookAuthFailuresMax, 0, 1_000_000),
  PENDING_TTL_HOURS: int(72, 1, 8_760),
  JOBS_REQUIRED: bool(false),
  JOBS_CONCURRENCY: int(4, 1, 64),
  JOBS_LOCK_MS: int(30_000, 1_000, 600_000),
  DISPATCH_TICK_SECONDS: int(60, 1, 3_600),
  AUTONOMY_TICK_SECONDS: int(60, 1, 3_600),
  PENDING_EXPIRY_MINUTES: int(15, 1, 1_440),
});

/** The autonomy, ramp and job-engine part of the configuration. */
export interface AutonomyAndJobs {
  /** SEND_RAMP as the policy's base cap and ramp steps; absent when SEND_RAMP is unset. */
  readonly ramp: { readonly dailyCap: number; readonly rampSchedule: readonly RampStep[] } | null;
  /** SEND_CHANNEL_CAPS: each listed channel's own daily cap, on top of the ramped cap. */
  readonly channelCaps: ChannelCounts;
  readonly autonomy: AutonomyConfig;
  readonly pendingTtlHours: number;
  readonly jobs: { readonly required: boolean; readonly concurrency: number; readonly lockMs: number };
  readonly ticks: { readonly dispatchMs: number; readonly autonomyMs: number; readonly expiryMs: number };
}

/**
 * `SEND_RAMP=5,10,20,40,80`: the daily cap after 0, 1, 2, 3, 4+ clean days in a row.
 * Each step at least the previous one (a ramp never lowers the cap as days stay clean).
 */
export const parseRamp = (raw: string): { dailyCap: number; rampSchedule: RampStep[] } | string => {
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.length > 30 || parts.some((p) => !/^\d{1,6}$/.test(p))) return 'must be 1 to 30 comma-separated whole numbers, e.g. 5,10,20,40,80';
  const caps = parts.map(Number);
  if (caps.some((c, i) => i > 0 && c < caps[i - 1]!)) return 'each step must be at least the previous one (e.g. 5,10,20,40,80)';
  return { dailyCap: caps[0]!, rampSchedule: caps.slice(1).map((dailyCap, i) => ({ afterCleanDays: i + 1, dailyCap })) };
};

export const parseAutonomyAndJobs = (env: Env): { readonly value: AutonomyAndJobs | null; readonly problems: readonly Problem[] } => {
  const parsed = schema.safeParse(env);
  if (!parsed.success) return { value: null, problems: parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? 'environment'), message: i.message })) };
  const e = parsed.data;
  const problems: Problem[] = [];
  const ramp = e.SEND_RAMP === undefined ? null : parseRamp(e.SEND_RAMP);
  if (typeof ramp === 'string') problems.push({ variable: 'SEND_RAMP', message: ramp });
  const channelCaps = parseChannelCaps(e.SEND_CHANNEL_CAPS);
  if (channelCaps.isErr()) problems.push({ variable: 'SEND_CHANNEL_CAPS', message: channelCaps.error });
  if (e.SEND_RAMP !== undefined && env.DAILY_SEND_CAP !== undefined) problems.push({ variable: 'SEND_RAMP', message: 'and DAILY_SEND_CAP are both set; SEND_RAMP\'s first step is the base cap, set one of them' });
  const tiers = (e.AUTONOMY_TIERS ?? 'tier_1').split(',').map((s) => s.trim()).filter(Boolean);
  const unknownTiers = tiers.filter((t) => !TIERS.includes(t as Tier));
  if (unknownTiers.length) problems.push({ variable: 'AUTONOMY_TIERS', message: `unknown tier(s) ${unknownTiers.join(', ')}; use ${TIERS.join(', ')}` });
  if (problems.length || channelCaps.isErr()) return { value: null, problems };
  return {
    value: {
      ramp: typeof ramp === 'object' ? ramp : null,
      channelCaps: channelCaps.value,
      autonomy: {
        tiers: tiers as Tier[],
        reviewDelayMinutes: e.AUTONOMY_REVIEW_DELAY_MINUTES,
        breakers: {
          ...b,
          unknownMaxMinutes: e.AUTONOMY_UNKNOWN_MAX_MINUTES,
          rateWindowHours: e.AUTONOMY_RATE_WINDOW_HOURS,
          bounceRateMax: e.AUTONOMY_BOUNCE_RATE_MAX,
          complaintRateMax: e.AUTONOMY_COMPLAINT_RATE_MAX,
          rateMinSends: e.AUTONOMY_RATE_MIN_SENDS,
          webhookAuthFailuresMax: e.AUTONOMY_WEBHOOK_AUTH_FAILURES_MAX,
        },
      },
      pendingTtlHours: e.PENDING_TTL_HOURS,
      jobs: { required: e.JOBS_REQUIRED, concurrency: e.JOBS_CONCURRENCY, lockMs: e.JOBS_LOCK_MS },
      ticks: { dispatchMs: e.DISPATCH_TICK_SECONDS * 1_000, autonomyMs: e.AUTONOMY_TICK_SECONDS * 1_000, expiryMs: e.PENDING_EXPIRY_MINUTES * 60_000 },
    },
    problems: [],
  };
};
