import { deliveryReport } from '@caio/core';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EXIT, table, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';
import { reportCsv } from '../../reports/report-csv.js';
import { reportRangeSchema } from '../../reports/report-range.js';

const FORMATS = ['table', 'csv', 'json'] as const;

/** `caio report [--from D] [--to D] [--format table|csv|json] [--out FILE]`: the delivery report, as `GET /api/reports/delivery` makes it. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'counts per day, channel and campaign (sent ... rejected, edited); CSV export',
  usage: 'caio report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format table|csv|json] [--out FILE]',
  async run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string', default: 'table' }, out: { type: 'string' } } });
    const range = reportRangeSchema.safeParse({ from: values.from, to: values.to });
    const format = FORMATS.find((f) => f === values.format);
    if (!range.success || !format) {
      const problems = range.success ? [] : range.error.issues.map((i) => `--${String(i.path[0] ?? 'from')}: ${i.message}`);
      io.err(`${[...problems, ...(format ? [] : [`--format: must be one of ${FORMATS.join(', ')}`])].join('\n')}\nusage: ${this.usage}\n`);
      return EXIT.usage;
    }
    return withLocalCore(env, io, async ({ deps }) => {
      const report = await deliveryReport(deps, range.data);
      if (report.isErr()) {
        io.err(`cannot make the report: ${report.error._tag}\n`);
        return EXIT.gateFailed;
      }
      const r = report.value;
      const text =
        format === 'csv'
          ? reportCsv(r, deps.taxonomy.tags)
          : format === 'json'
            ? `${JSON.stringify(r, null, 2)}\n`
            : table([
                ['day', 'channel', 'campaign', 'sent', 'delivered', 'opened', 'clicked', 'replied', 'bounced', 'unsub', 'rejected', 'edited'],
                ...r.rows.map((x) => [x.day, x.channel, x.campaign, ...[x.sent, x.delivered, x.opened, x.clicked, x.replied, x.bounced, x.unsubscribed, x.rejected, x.edited].map(String)]),
              ]);
      if (values.out) {
        await writeFile(values.out, text, { mode: 0o600 });
        io.out(`${r.rows.length} row(s) written to ${values.out}\n`);
      } else io.out(text);
      if (!r.complete) io.err(`the audit log read did not reach back to ${r.from}: provider events and edits before it are missing\n`);
      return EXIT.ok;
    });
  },
};
