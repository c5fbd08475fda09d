import { capToday, effectiveDailyCap } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/parse-config.js';

const TOKEN = 'a-dashboard-token-of-enough-length';
const parse = (env: Record<string, string>) => parseConfig({ DASHBOARD_AUTH_TOKEN: TOKEN, ...env });
const problems = (env: Record<string, string>) => {
  const parsed = parse(env);
  return parsed.isErr() ? parsed.error.map((p) => p.variable) : [];
};

describe('autonomy, ramp and job-engine configuration', () => {
  it('has safe defaults: no ramp, tier 1 only, a 30 min hold, 72 h pending TTL, the engine not required', () => {
    const config = parse({})._unsafeUnwrap();
    expect(config.policy).toMatchObject({ dailyCap: 5, rampSchedule: [] });
    expect(config.autonomy).toMatchObject({ tiers: ['tier_1'], reviewDelayMinutes: 30, breakers: { unknownMaxMinutes: 60, bounceRateMax: 0.05, complaintRateMax: 0.003, rateMinSends: 20 } });
    expect(config).toMatchObject({ pendingTtlHours: 72, jobs: { required: false, concurrency: 4, lockMs: 30_000 } });
  });

  it('parses SEND_RAMP into the cap after 0, 1, 2, 3, 4+ clean days', () => {
    const { policy } = parse({ SEND_RAMP: '5,10,20,40,80' })._unsafeUnwrap();
    expect([0, 1, 2, 3, 4, 9].map((days) => effectiveDailyCap(policy, days))).toEqual([5, 10, 20, 40, 80, 80]);
    expect(capToday(policy, 2)).toEqual({ cap: 20, cleanDaysInRow: 2, reason: 'SEND_RAMP 5,10,20,40,80: step 3 after 2 clean day(s) in a row', channels: [] });
    // A day that is not clean ends the run: back to the first step.
    expect(capToday(policy, 0).cap).toBe(5);
  });

  it.each<[Record<string, string>, string[]]>([
    [{ SEND_RAMP: '5,10,x' }, ['SEND_RAMP']],
    [{ SEND_RAMP: '10,5' }, ['SEND_RAMP']],
    [{ SEND_RAMP: '5,10', DAILY_SEND_CAP: '5' }, ['SEND_RAMP']],
    [{ AUTONOMY_TIERS: 'tier_1,tier_9' }, ['AUTONOMY_TIERS']],
    [{ AUTONOMY_BOUNCE_RATE_MAX: '5%' }, ['AUTONOMY_BOUNCE_RATE_MAX']],
    [{ PENDING_TTL_HOURS: '0' }, ['PENDING_TTL_HOURS']],
    [{ JOBS_REQUIRED: 'maybe' }, ['JOBS_REQUIRED']],
    [{ AUTONOMY_TIERS: 'tier_1,tier_2', AUTONOMY_REVIEW_DELAY_MINUTES: '0', JOBS_REQUIRED: 'true' }, []],
  ])('%j -> problems %j', (env, expected) => {
    expect(problems(env)).toEqual(expected);
  });
});
