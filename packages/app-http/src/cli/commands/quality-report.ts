import { listAllCards, rejectionReport } from '@caio/core';
import { parseArgs } from 'node:util';
import { qualityReport } from '../../reports/quality-report.js';
import { EXIT, table, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 14;

/** `caio quality-report [--since YYYY-MM-DD]`: gate hits and rejection tags over fresh cards. */
export const qualityReportCommand: Command = {
  name: 'quality-report',
  summary: 'quality-gate hits (weak openers, raw literals, placeholders...) and rejection tags over fresh cards, with the trend',
  usage: `caio quality-report [--since YYYY-MM-DD (default: ${DEFAULT_DAYS} days ago)] [--json]`,
  run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { since: { type: 'string' }, json: { type: 'boolean' } } });
    const since = values.since === undefined ? null : /^\d{4}-\d{2}-\d{2}$/.test(values.since) ? new Date(`${values.since}T00:00:00Z`) : new Date(Number.NaN);
    if (since && Number.isNaN(since.getTime())) {
      io.err(`--since must be a date as YYYY-MM-DD\nusage: ${this.usage}\n`);
      return Promise.resolve(EXIT.usage);
    }
    return withLocalCore(env, io, async ({ deps }) => {
      const cards = await listAllCards(deps.store, {});
      if (cards.isErr()) {
        io.err(`cannot read cards: ${cards.error._tag}\n`);
        return EXIT.gateFailed;
      }
      const now = deps.clock.now();
      const from = since ?? new Date(now.getTime() - DEFAULT_DAYS * DAY_MS);
      const quality = qualityReport(cards.value, { since: from, timeZone: deps.policy.timeZone });
      const windowDays = Math.max(1, Math.ceil((now.getTime() - from.getTime()) / DAY_MS));
      const rejections = rejectionReport(cards.value, { now, timeZone: deps.policy.timeZone, windowDays });
      if (values.json) {
        io.out(`${JSON.stringify({ quality, rejections }, null, 2)}\n`);
        return EXIT.ok;
      }
      io.out(`Cards drafted since ${quality.since.slice(0, 10)}: ${quality.cards}, failed the quality gate: ${quality.failedGate}\n\n`);
      io.out(table([['gate check', 'cards', 'share'], ...quality.byCheck.map((c) => [c.check, String(c.cards), `${(c.share * 100).toFixed(1)}%`])]));
      if (quality.perDay.length) io.out(`\n${table([['day', 'cards', 'failed', 'rate'], ...quality.perDay.map((d) => [d.day, String(d.cards), String(d.failed), `${(d.rate * 100).toFixed(1)}%`])])}`);
      io.out(`gate failure trend: ${quality.trend}\n\n`);
      io.out(`Reviewed in the last ${windowDays} day(s): ${rejections.totalReviewed}, rejected: ${rejections.totalRejected} (trend: ${rejections.trend})\n`);
      if (rejections.topTags.length) io.out(table([['rejection tag', 'count'], ...rejections.topTags.map((t) => [t.tag, String(t.count)])]));
      return EXIT.ok;
    });
  },
};
