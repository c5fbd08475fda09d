import type { Card } from '../card/card.js';
import { dayKey } from '../time/zoned-time.js';

export interface RejectionReport {
  readonly totalReviewed: number;
  readonly totalRejected: number;
  /** Reviewed cards a reviewer edited before deciding: the crafter got them nearly right. */
  readonly totalEdited: number;
  /** Edits in all (a card edited twice counts twice). */
  readonly edits: number;
  readonly topTags: readonly { readonly tag: string; readonly count: number }[];
  readonly perDay: readonly { readonly day: string; readonly reviewed: number; readonly rejected: number; readonly ratio: number }[];
  readonly trend: 'rising' | 'falling' | 'flat' | 'insufficient_data';
}

const TOLERANCE = 0.05;

/**
 * The learning-loop report over cards reviewed in the window: top rejection tags, how
 * many reviewed cards were edited first (their own signal: nearly right, not wrong), the
 * rejection ratio per day, and whether it is rising (the later half of the window
 * against the earlier half, within a small tolerance).
 *
 * @category model
 */
export const rejectionReport = (cards: readonly Card[], options: { readonly now: Date; readonly timeZone: string; readonly windowDays: number }): RejectionReport => {
  const since = options.now.getTime() - options.windowDays * 86_400_000;
  const reviews = cards.flatMap((c) => {
    const at = c.rejection?.at ?? c.approvedAt;
    if (!at || new Date(at).getTime() < since) return [];
    return [{ day: dayKey(new Date(at), options.timeZone), rejected: c.rejection !== undefined, tag: c.rejection?.tag, edits: c.edits?.count ?? 0 }];
  });
  const tags = new Map<string, number>();
  const days = new Map<string, { reviewed: number; rejected: number }>();
  for (const r of reviews) {
    if (r.tag) tags.set(r.tag, (tags.get(r.tag) ?? 0) + 1);
    const d = days.get(r.day) ?? { reviewed: 0, rejected: 0 };
    days.set(r.day, { reviewed: d.reviewed + 1, rejected: d.rejected + (r.rejected ? 1 : 0) });
  }
  const perDay = [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, d]) => ({ day, ...d, ratio: d.rejected / d.reviewed }));
  const ratio = (rows: typeof perDay) => rows.reduce((s, r) => s + r.rejected, 0) / Math.max(1, rows.reduce((s, r) => s + r.reviewed, 0));
  const half = Math.floor(perDay.length / 2);
  const trend: RejectionReport['trend'] =
    perDay.length < 2 ? 'insufficient_data' : ratio(perDay.slice(half)) > ratio(perDay.slice(0, half)) + TOLERANCE ? 'rising' : ratio(perDay.slice(half)) < ratio(perDay.slice(0, half)) - TOLERANCE ? 'falling' : 'flat';
  return {
    totalReviewed: reviews.length,
    totalRejected: reviews.filter((r) => r.rejected).length,
    totalEdited: reviews.filter((r) => r.edits > 0).length,
    edits: reviews.reduce((sum, r) => sum + r.edits, 0),
    topTags: [...tags.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([tag, count]) => ({ tag, count })),
    perDay,
    trend,
  };
};
