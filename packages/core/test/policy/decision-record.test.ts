import {
  dispatchCard,
  evaluateSendPolicy,
  formatSendWindow,
  parseSendWindow,
  recordPolicyDecision,
  type CardId,
  type IdentityKey,
  type PolicyContext,
  type SendWindow,
} from '@caio/core';
import { describe, expect, it } from 'vitest';
import { makeWorld, seedCard, traceOf } from '../usecases/fixture.js';
import { allowingContext } from './context.js';

const recordOf = (context: PolicyContext) => recordPolicyDecision(context, evaluateSendPolicy(context));

describe('policy decision record', () => {
  it('records what an allowing decision read, without the lead\'s identity or the message', () => {
    const record = recordOf(allowingContext());
    expect(record).toEqual({
      now: '2026-03-02T20:30:00.000Z',
      config: { timeZone: 'America/New_York', window: '15:00-17:00', dailyCap: 5, rampSchedule: [] },
      controls: { stopEngaged: false, mode: 'supervised', windowOverride: false },
      lead: {},
      card: { channel: 'ghl_email', tier: 'tier_1', status: 'approved', approvedByHuman: true, step: 0, campaign: 'not_needed', qualityPassed: true },
      history: { sentToday: 0, cleanDaysInRow: 0, suppressions: [], firstTouches: [], previousStep: null, cadenceStops: [] },
      decision: { allowed: true, denials: [], dayKey: '2026-03-02', dailyCap: 5 },
    });
    expect(JSON.stringify(record)).not.toMatch(/@|ada/i);
  });

  it('records every input a rule looks at, and every denial', () => {
    const base = allowingContext();
    const key = base.card.leadKeys[0] as IdentityKey;
    const record = recordOf(
      allowingContext({
        config: { ...base.config, leadQuietHours: { start: 480, end: 1260 } as SendWindow, rampSchedule: [{ afterCleanDays: 3, dailyCap: 10 }] },
        controls: { ...base.controls, emergencyStop: { engaged: true, by: 'ops' }, sendWindowOverride: true },
        lead: { ...base.lead!, timezone: 'Europe/London' },
        card: { ...base.card, step: 1, channel: 'instantly', tier: 'tier_2' },
        campaign: { _tag: 'Unknown', campaignId: 'cmp-x' },
        sentToday: 10,
        cleanDaysInRow: 3,
        suppressions: [{ target: key, reason: 'bounced', source: 'instantly', at: 'x' }],
        firstTouches: [
          { identityKey: key, cardId: base.card.id, channel: 'instantly', at: 'x' },
          { identityKey: key, cardId: 'card_9' as CardId, channel: 'ghl_email', at: 'x' },
        ],
        previousStep: { cardId: 'card_0' as CardId, step: 0, attemptId: 'a' as never, channel: 'instantly', leadKeys: [key], contentDigest: 'd', state: 'unknown', dayKey: 'd', claimedAt: 'x' },
        cadenceStops: [{ identityKey: key, reason: 'replied', at: 'x' }],
      }),
    );
    expect(record).toMatchObject({
      config: { leadQuietHours: '08:00-21:00', rampSchedule: [{ afterCleanDays: 3, dailyCap: 10 }] },
      controls: { stopEngaged: true, windowOverride: true },
      lead: { timezone: 'Europe/London' },
      card: { channel: 'instantly', tier: 'tier_2', step: 1, campaign: 'unknown' },
      history: {
        sentToday: 10,
        cleanDaysInRow: 3,
        suppressions: ['bounced'],
        firstTouches: [
          { by: 'this_card', channel: 'instantly' },
          { by: 'another_card', channel: 'ghl_email' },
        ],
        previousStep: { state: 'unknown', channel: 'instantly' },
        cadenceStops: ['replied'],
      },
      decision: {
        allowed: false,
        denials: ['emergency_stop', 'supervised_tier_only', 'daily_cap_reached', 'campaign_unmapped', 'suppressed', 'channel_exclusivity', 'cadence_order', 'cadence_stopped'],
        dailyCap: 10,
      },
    });
  });

  it('formats a window so parseSendWindow reads back the same window, across midnight too', () => {
    for (const raw of ['15:00-17:00', '22:30-06:05', '00:00-23:59']) expect(formatSendWindow(parseSendWindow(raw)._unsafeUnwrap())).toBe(raw);
  });

  it('dispatch audits each decision as send.decided, denials included', async () => {
    const world = makeWorld();
    const { card } = await seedCard(world, 'ada', 'card_1', { status: 'approved', tier: 'tier_2' });
    const trace = traceOf(world);
    const outcome = (await dispatchCard(world.deps, { cardId: card.id, trace }))._unsafeUnwrap();
    expect(outcome._tag).toBe('Denied');
    const entries = (await world.deps.store.listAudit({ traceId: trace.traceId }))._unsafeUnwrap();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'send.decided', cardId: 'card_1', detail: { card: { tier: 'tier_2' }, decision: { allowed: false } } });
    expect((entries[0]!.detail as { decision: { denials: string[] } }).decision.denials).toContain('supervised_tier_only');
  });
});
