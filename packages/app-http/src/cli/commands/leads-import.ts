import type { TraceId } from '@caio/core';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EXIT, table, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';
import { csvRows, importLeads, MAX_IMPORT_ROWS, parseColumnMap } from '../../leads/lead-import.js';

const row = z.record(z.string(), z.unknown());

/**
 * `caio leads import FILE [--source-label L] [--map "Header=field,..."] [--dry-run]`:
 * loads leads from CSV (header row; columns named as lead fields, or mapped to them with
 * `--map`; any other column becomes a signal) or JSON (an array of objects). Each lead is
 * merged by identity keys; bad rows are listed and skipped, never half-written. A LinkedIn
 * company page in the person column is reported and left out, the row keeps its e-mail.
 * A `keys` column adds provider ids (`ghl:abc123`, separated by spaces or `;`). A row
 * naming keys of several leads merges them all into the oldest; identity conflicts (one
 * LinkedIn profile with two e-mails) are listed. `--dry-run` previews what would be
 * created or merged and writes nothing.
 */
export const leadsImportCommand: Command = {
  name: 'leads import',
  summary: 'load leads from a CSV or JSON file (merged by identity keys); --map columns, --dry-run preview',
  usage: 'caio leads import FILE [--source-label LABEL] [--map "Work Email=email,Person Linkedin Url=linkedin_url"] [--dry-run]',
  async run(args, env, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { 'source-label': { type: 'string', default: 'import' }, map: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    });
    const [file] = positionals;
    const label = values['source-label'];
    const map = parseColumnMap(values.map);
    if (!file || positionals.length !== 1 || map.isErr()) {
      io.err(`${map.isErr() ? `--map: ${map.error}\n` : ''}usage: ${this.usage}\n`);
      return EXIT.usage;
    }
    let rows: Record<string, unknown>[];
    try {
      const text = await readFile(file, 'utf8');
      if (file.endsWith('.json')) {
        rows = z.array(row).max(MAX_IMPORT_ROWS).parse(JSON.parse(text)).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [map.value.get(k) ?? k, v])));
      } else {
        const parsed = csvRows(text, map.value);
        if (parsed.isErr()) throw new Error(parsed.error);
        rows = parsed.value;
      }
    } catch (error) {
      io.err(`cannot read ${file}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    const dryRun = values['dry-run'] === true;
    return withLocalCore(env, io, async ({ deps }) => {
      const trace = { traceId: `trace_import_${Date.now()}` as TraceId, actor: 'cli:import', at: deps.clock.now().toISOString(), origin: 'cli' as const };
      const report = await importLeads(deps, rows, { label, dryRun, trace, progress: (done) => io.err(`${done} of ${rows.length} rows\n`) });
      if (dryRun) {
        io.out(table([['row', 'would', 'email', 'linkedin', 'name', 'company', 'tier', 'label'], ...report.preview.map((p) => [String(p.row), p.result, p.email ?? '-', p.linkedin ?? '-', p.name || '-', p.company ?? '-', p.tier, p.label])]));
        io.out(`dry run, nothing written: ${report.created} lead(s) would be created, ${report.merged} merged, ${report.refused.length} refused\n`);
      } else io.out(`${report.created} lead(s) created, ${report.merged} merged, ${report.refused.length} refused${report.bridged > 0 ? `; ${report.bridged} existing lead(s) joined into the person they belong to` : ''}\n`);
      for (const r of report.refused) io.out(`  row ${r.row}: ${r.reason}\n`);
      for (const w of report.warnings) io.out(`  row ${w.row} (kept): ${w.message}\n`);
      if (report.conflicts.length > 0) io.out('identity conflicts (kept, check them):\n');
      for (const c of report.conflicts) io.out(`  row ${c.row}: ${c.message}\n`);
      return report.refused.length ? EXIT.gateFailed : EXIT.ok;
    });
  },
};
