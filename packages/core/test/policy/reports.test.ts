import { cleanDaysInRow, computeDayRecord, evaluateAutonomyReadiness, rejectionReport, type AutonomyReadinessInput, type Card, type LedgerEntry } from '@caio/core';
import { aCard, aLead } from '@caio/testkit';
import { describe, expect, it } from 'vitest';

const reviewed = (i: number, day: string, tag?: string): Card => {
  const card = aCard(`card_${i}`, aLead(`l${i}`));
  const at = `${day}T20:00:00.000Z`;
  return tag ? { ...card, status: 'rejected', rejection: { tag, reason: 'a written reason', by: 'r', at } } : { ...card, status: 'approved', approvedBy: 'r', approvedAt: at };
};

describe('rejection report', () => {
  it('counts top tags, the ratio per day, and a rising trend', () => {
    const cards = [reviewed(1, '2026-03-01'), reviewed(2, '2026-03-01'), reviewed(3, '2026-03-01', 'tone'), reviewed(4, '2026-03-02', 'tone'), reviewed(5, '2026-03-02', 'formatting'), reviewed(6, '2026-03-02')];
    const report = rejectionReport(cards, { now: new Date('2026-03-02T23:00:00Z'), timeZone: 'America/New_York', windowDays: 14 });
    expect(report).toMatchObject({ totalReviewed: 6, totalRejected: 3, topTags: [{ tag: 'tone', count: 2 }, { tag: 'formatting', count: 1 }], trend: 'rising' });
    expect(report.perDay.map((d) => [d.day, d.reviewed, d.rejected])).toEqual([
      ['2026-03-01', 3, 1],
      ['2026-03-02', 3, 2],
    ]);
  });
  it('says falling, flat, or that there is not enough data', () => {
    const opts = { now: new Date('2026-03-02T23:00:00Z'), timeZone: 'America/New_York', windowDays: 14 };
    expect(rejectionReport([reviewed(1, '2026-03-01', 'tone'), reviewed(2, '2026-03-02')], opts).trend).toBe('falling');
    expect(rejectionReport([reviewed(1, '2026-03-01'), reviewed(2, '2026-03-02')], opts).trend).toBe('flat');
    expect(rejectionReport([reviewed(1, '2026-03-02')], opts).trend).toBe('insufficient_data');
    expect(rejectionReport([reviewed(1, '2026-01-01', 'tone')], opts).totalReviewed).toBe(0);
  });
});

describe('clean days', () => {
  const entry = (state: LedgerEntry['state'], sandbox = false): LedgerEntry => ({ cardId: 'c' as never, step: 0, attemptId: 'a' as never, channel: 'ghl_email', leadKeys: [], contentDigest: 'd', state, dayKey: '2026-03-02', claimedAt: 'x', ...(sandbox ? { sandbox } : {}) });
  it('is clean only with live sends, no gate failure and nothing unresolved', () => {
    expect(computeDayRecord('2026-03-02', [entry('sent'), entry('sent')], 0, 'x').clean).toBe(true);
    expect(computeDayRecord('2026-03-02', [entry('sent', true)], 0, 'x')).toMatchObject({ liveSends: 0, clean: false });
    expect(computeDayRecord('2026-03-02', [entry('sent')], 1, 'x').clean).toBe(false);
    expect(computeDayRecord('2026-03-02', [entry('sent'), entry('unknown')], 0, 'x')).toMatchObject({ unresolvedSends: 1, clean: false });
    expect(computeDayRecord('2026-03-02', [entry('failed')], 0, 'x').clean).toBe(false);
  });
  it('counts a run of clean days ending today or yesterday; a gap breaks it', () => {
    const rec = (day: string, clean: boolean) => ({ day, clean, liveSends: 1, gateFailures: 0, unresolvedSends: 0, computedAt: 'x' });
    const records = [rec('2026-02-26', true), rec('2026-02-28', true), rec('2026-03-01', true), rec('2026-03-02', true)];
    expect(cleanDaysInRow(records, '2026-03-02')).toBe(3);
    expect(cleanDaysInRow(records, '2026-03-03')).toBe(3);
    expect(cleanDaysInRow([...records.slice(0, 3), rec('2026-03-02', false)], '2026-03-02')).toBe(2);
    expect(cleanDaysInRow(records, '2026-03-05')).toBe(0);
  });
});

describe('autonomy readiness', () => {
  const ready: AutonomyReadinessInput = {
    cleanDaysInRow: 3,
    cleanDaysRequired: 3,
    webhooks: { strict: true, unauthenticatedProviders: [], unsignedAllowlisted: [] },
    dashboard: { queryTokenEnabled: false },
    state: { backend: 'redis', fileFallbackWrite: false },
    replayPassRate: 0.97,
    rejectionTrend: 'flat',
  };
  it('is go when every criterion passes', () => {
    expect(evaluateAutonomyReadiness(ready).go).toBe(true);
  });
  const cases: readonly [string, Partial<AutonomyReadinessInput>, string][] = [
    ['too few clean days', { cleanDaysInRow: 2 }, 'clean_days'],
    ['webhooks permissive', { webhooks: { strict: false, unauthenticatedProviders: [], unsignedAllowlisted: [] } }, 'webhook_strict'],
    ['HeyReach unsigned but allowlisted', { webhooks: { strict: true, unauthenticatedProviders: [], unsignedAllowlisted: ['heyreach'] } }, 'webhook_strict'],
    ['query tokens enabled', { dashboard: { queryTokenEnabled: true } }, 'header_only_auth'],
    ['dual state', { state: { backend: 'dual', fileFallbackWrite: true } }, 'redis_only_state'],
    ['no replay run', { replayPassRate: null }, 'replay_gate'],
    ['replay below the gate', { replayPassRate: 0.9 }, 'replay_gate'],
    ['rejections rising', { rejectionTrend: 'rising' }, 'rejection_ratio_not_rising'],
  ];
  for (const [name, change, failing] of cases) {
    it(`is no-go when ${name}`, () => {
      const result = evaluateAutonomyReadiness({ ...ready, ...change });
      expect(result.go).toBe(false);
      expect(result.criteria.filter((c) => !c.passed).map((c) => c.name)).toEqual([failing]);
    });
  }
});
