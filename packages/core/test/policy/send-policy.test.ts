import { evaluateSendPolicy, effectiveDailyCap, DEFAULT_SEND_POLICY_CONFIG, type CardId, type IdentityKey, type LedgerEntry, type PolicyContext, type SendWindow } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { allowingContext } from './context.js';

const denials = (overrides: Partial<PolicyContext>) => {
  const decision = evaluateSendPolicy(allowingContext(overrides));
  return decision.allowed ? [] : decision.denials.map((d) => d.rule);
};

const base = allowingContext();
const sentStep = (overrides: Partial<LedgerEntry> = {}): LedgerEntry => ({
  cardId: 'card_0' as CardId,
  step: 0,
  attemptId: 'a' as never,
  channel: 'ghl_email',
  leadKeys: base.card.leadKeys,
  contentDigest: 'd',
  state: 'sent',
  dayKey: '2026-02-27',
  claimedAt: '2026-02-27T20:00:00.000Z',
  ...overrides,
});
const key = base.card.leadKeys[0] as IdentityKey;

describe('send policy', () => {
  it('allows when every rule passes, with today\'s day key and cap', () => {
    expect(evaluateSendPolicy(base)).toEqual({ allowed: true, dayKey: '2026-03-02', dailyCap: 5 });
  });

  it.each<[string, Partial<PolicyContext>, string]>([
    ['the emergency stop is engaged', { controls: { ...base.controls, emergencyStop: { engaged: true, by: 'ops', reason: 'drill' } } }, 'emergency_stop'],
    ['the card is still pending', { card: { ...base.card, status: 'pending' } }, 'not_approved'],
    ['no human approved it (supervised)', { card: (({ approvedBy: _a, ...c }) => c)(base.card) }, 'not_approved'],
    ['the lead is Tier 2 (supervised)', { card: { ...base.card, tier: 'tier_2' } }, 'supervised_tier_only'],
    ['the send timezone is invalid', { config: { ...DEFAULT_SEND_POLICY_CONFIG, timeZone: 'Mars/Olympus' } }, 'invalid_timezone'],
    ['the lead\'s timezone is invalid', { lead: { ...base.lead!, timezone: 'Nowhere/Here' } }, 'invalid_timezone'],
    ['it is 18:00 in New York', { now: new Date('2026-03-02T23:00:00.000Z') }, 'outside_send_window'],
    // 15:30 in New York is 05:30 the next morning in Tokyo.
    ['it is 05:30 in the lead\'s zone', { config: { ...DEFAULT_SEND_POLICY_CONFIG, leadQuietHours: { start: 480, end: 1260 } as SendWindow }, lead: { ...base.lead!, timezone: 'Asia/Tokyo' } }, 'lead_quiet_hours'],
    ['five were sent today', { sentToday: 5 }, 'daily_cap_reached'],
    ['the campaign is unknown to the provider', { campaign: { _tag: 'Unknown', campaignId: 'cmp-x' } }, 'campaign_unmapped'],
    ['the campaign is missing', { campaign: { _tag: 'Missing' } }, 'campaign_unmapped'],
    ['the lead unsubscribed', { suppressions: [{ target: key, reason: 'unsubscribed', source: 'instantly', at: 'x' }] }, 'suppressed'],
    ['another card first touched the lead', { firstTouches: [{ identityKey: key, cardId: 'card_9' as CardId, channel: 'ghl_email', at: 'x' }] }, 'already_first_touched'],
    ['the lead is bound to Instantly', { firstTouches: [{ identityKey: key, cardId: 'card_1' as CardId, channel: 'instantly', at: 'x' }] }, 'channel_exclusivity'],
    ['step 1 without step 0 sent', { card: { ...base.card, step: 1 } }, 'cadence_order'],
    ['step 1 after an unknown step 0', { card: { ...base.card, step: 1 }, previousStep: sentStep({ state: 'unknown' }) }, 'cadence_order'],
    ['step 1 on another channel than step 0', { card: { ...base.card, step: 1 }, previousStep: sentStep({ channel: 'instantly' }) }, 'cadence_order'],
    ['step 1 after a reply', { card: { ...base.card, step: 1 }, previousStep: sentStep(), cadenceStops: [{ identityKey: key, reason: 'replied', at: 'x' }] }, 'cadence_stopped'],
    ['the window is overridden but the mode is autonomous', { now: new Date('2026-03-02T23:00:00.000Z'), controls: { ...base.controls, mode: 'autonomous', sendWindowOverride: true }, card: (({ approvedBy: _a, ...c }) => ({ ...c, tier: 'tier_2' as const }))(base.card) }, 'outside_send_window'],
    ['the provider refused our credentials at its last check', { providerCredentials: { state: 'invalid', checkedAt: '2026-03-02T20:25:00.000Z', detail: '401 Invalid token' } }, 'provider_credentials_failed'],
    ['the quality gate failed', { card: { ...base.card, quality: { passed: false, hits: [{ check: 'weak_opener', field: 'opener', detail: 'x' }] } } }, 'quality_gate_failed'],
  ])('denies when %s', (_name, overrides, rule) => {
    expect(denials(overrides)).toEqual([rule]);
  });

  it('holds sends only on credentials the provider refused, not on an unreachable or unchecked provider', () => {
    for (const state of ['valid', 'unreachable', 'unchecked'] as const) expect(denials({ providerCredentials: { state, checkedAt: null } })).toEqual([]);
    const decision = evaluateSendPolicy({ ...base, providerCredentials: { state: 'invalid', checkedAt: '2026-03-02T20:25:00.000Z', detail: '401 Invalid token' } });
    expect(decision.allowed === false && decision.denials[0]?.detail).toContain('401 Invalid token');
  });

  it('allows what the rules allow: override, autonomous Tier 2, a follow-up after a sent step, a lead\'s own first touch', () => {
    expect(denials({ now: new Date('2026-03-02T23:00:00.000Z'), controls: { ...base.controls, sendWindowOverride: true } })).toEqual([]);
    expect(denials({ controls: { ...base.controls, mode: 'autonomous' }, card: (({ approvedBy: _a, ...c }) => ({ ...c, tier: 'tier_2' as const }))(base.card) })).toEqual([]);
    expect(denials({ card: { ...base.card, step: 1 }, previousStep: sentStep(), firstTouches: [{ identityKey: key, cardId: 'card_0' as CardId, channel: 'ghl_email', at: 'x' }] })).toEqual([]);
    expect(denials({ firstTouches: [{ identityKey: key, cardId: 'card_1' as CardId, channel: 'ghl_email', at: 'x' }] })).toEqual([]);
    expect(denials({ campaign: { _tag: 'Mapped' }, sentToday: 4 })).toEqual([]);
    expect(denials({ cadenceStops: [{ identityKey: key, reason: 'replied', at: 'x' }] })).toEqual([]);
  });

  it('lists every failing rule, in order, not only the first', () => {
    expect(
      denials({
        controls: { ...base.controls, emergencyStop: { engaged: true } },
        card: { ...base.card, tier: 'tier_3', quality: { passed: false, hits: [] } },
        now: new Date('2026-03-02T12:00:00.000Z'),
        sentToday: 9,
        suppressions: [{ target: key, reason: 'bounced', source: 'ghl', at: 'x' }],
      }),
    ).toEqual(['emergency_stop', 'supervised_tier_only', 'outside_send_window', 'daily_cap_reached', 'suppressed', 'quality_gate_failed']);
  });

  it('counts the cap in the send timezone\'s day, not UTC\'s', () => {
    // 02:00 UTC on 3 March is still 21:00 on 2 March in New York.
    expect(evaluateSendPolicy(allowingContext({ now: new Date('2026-03-03T02:00:00.000Z') })).dayKey).toBe('2026-03-02');
  });

  it('raises the cap along the ramp schedule after clean days', () => {
    const config = { ...DEFAULT_SEND_POLICY_CONFIG, rampSchedule: [{ afterCleanDays: 3, dailyCap: 10 }, { afterCleanDays: 7, dailyCap: 25 }] };
    expect([0, 2, 3, 6, 7, 30].map((days) => effectiveDailyCap(config, days))).toEqual([5, 5, 10, 10, 25, 25]);
    expect(denials({ config, cleanDaysInRow: 3, sentToday: 7 })).toEqual([]);
    expect(denials({ config, cleanDaysInRow: 2, sentToday: 7 })).toEqual(['daily_cap_reached']);
  });
});
