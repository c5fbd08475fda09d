import { dayKey, QUALITY_CHECKS, type Card, type QualityCheck } from '@caio/core';

export interface QualityReport {
  readonly since: string;
  readonly cards: number;
  readonly failedGate: number;
  /** Cards with at least one hit of each check (a card can count under several). */
  readonly byCheck: readonly { readonly check: QualityCheck; readonly cards: number; readonly share: number }[];
  /** Per send day: how many cards were drafted and how many failed the gate. */
  readonly perDay: readonly { readonly day: string; readonly cards: number; readonly failed: number; readonly rate: number }[];
  /** Gate failure rate of the later half of the days against the earlier half. */
  readonly trend: 'improving' | 'worsening' | 'flat' | 'insufficient_data';
}

const rate = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000);

/**
 * What the quality gate caught among cards drafted since a date: per check, per day,
 * and whether crafting is getting better (a falling failure rate) or worse.
 *
 * @category model
 */
export const qualityReport = (cards: readonly Card[], options: { readonly since: Date; readonly timeZone: string }): QualityReport => {
  const fresh = cards.filter((c) => Date.parse(c.createdAt) >= options.since.getTime());
  const failed = fresh.filter((c) => !c.quality.passed);
  const byCheck = QUALITY_CHECKS.map((check) => {
    const count = fresh.filter((c) => c.quality.hits.some((h) => h.check === check)).length;
    return { check, cards: count, share: rate(count, fresh.length) };
  });
  const days = new Map<string, { cards: number; failed: number }>();
  for (const card of fresh) {
    const day = dayKey(new Date(card.createdAt), options.timeZone);
    const entry = days.get(day) ?? { cards: 0, failed: 0 };
    entry.cards++;
    if (!card.quality.passed) entry.failed++;
    days.set(day, entry);
  }
  const perDay = [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, d]) => ({ day, ...d, rate: rate(d.failed, d.cards) }));
  return { since: options.since.toISOString(), cards: fresh.length, failedGate: failed.length, byCheck, perDay, trend: trendOf(perDay) };
};

const trendOf = (perDay: QualityReport['perDay']): QualityReport['trend'] => {
  if (perDay.length < 4) return 'insufficient_data';
  const half = Math.floor(perDay.length / 2);
  const mean = (days: QualityReport['perDay']) => days.reduce((sum, d) => sum + d.failed, 0) / Math.max(1, days.reduce((sum, d) => sum + d.cards, 0));
  const before = mean(perDay.slice(0, half));
  const after = mean(perDay.slice(perDay.length - half));
  if (Math.abs(after - before) < 0.05) return 'flat';
  return after < before ? 'improving' : 'worsening';
};
