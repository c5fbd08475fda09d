import { TIERS, upsertLead, type LeadInput, type Tier, type TraceId } from '@caio/core';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseCsv } from '../csv.js';
import { EXIT, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';

const KNOWN = ['email', 'linkedin_url', 'keys', 'first_name', 'last_name', 'company', 'company_domain', 'title', 'timezone', 'source_label', 'tier'];

const row = z.record(z.string(), z.unknown());

const toInput = (r: Record<string, unknown>, defaultLabel: string): LeadInput => {
  const text = (k: string) => (typeof r[k] === 'string' && (r[k] as string).trim() ? (r[k] as string).trim() : typeof r[k] === 'number' ? String(r[k]) : null);
  const tierCell = text('tier');
  const tier: Tier = (TIERS.find((t) => t === tierCell || t === `tier_${tierCell}`) ?? 'tier_2') as Tier;
  const signals = Object.fromEntries(Object.entries(r).filter(([k, v]) => !KNOWN.includes(k) && v !== null && v !== '' && v !== undefined).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean)]));
  return {
    email: text('email'),
    linkedinUrl: text('linkedin_url'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    company: text('company'),
    companyDomain: text('company_domain'),
    title: text('title'),
    timezone: text('timezone'),
    source: 'import',
    sourceLabel: text('source_label') ?? defaultLabel,
    tier,
    signals,
    // Provider ids learnt elsewhere (`ghl:…`, `instantly:…`, `heyreach:…`), separated by spaces or `;`.
    keys: (text('keys') ?? '').split(/[\s;]+/).filter((k) => k.length > 0),
  };
};

/**
 * `caio leads import FILE [--source-label L]`: loads leads from CSV (header row; known
 * columns email, linkedin_url, first_name, last_name, company, company_domain, title,
 * timezone, source_label, tier, keys (provider ids such as `ghl:abc123`, separated by
 * spaces or `;`); any other column becomes a signal) or JSON (an array of
 * objects with the same keys). Each lead is merged by identity keys (a row naming keys of
 * several leads merges them all into the oldest); bad rows are listed and skipped, never
 * half-written; identity conflicts (one LinkedIn profile with two e-mails) are listed.
 */
export const leadsImportCommand: Command = {
  name: 'leads import',
  summary: 'load leads from a CSV or JSON file (merged by identity keys)',
  usage: 'caio leads import FILE [--source-label LABEL]',
  async run(args, env, io) {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { 'source-label': { type: 'string', default: 'import' } } });
    const [file] = positionals;
    const label = values['source-label'];
    if (!file || positionals.length !== 1) {
      io.err(`usage: ${this.usage}\n`);
      return EXIT.usage;
    }
    let rows: Record<string, unknown>[];
    try {
      const text = await readFile(file, 'utf8');
      if (file.endsWith('.json')) {
        rows = z.array(row).parse(JSON.parse(text));
      } else {
        const csv = parseCsv(text);
        if (csv.isErr()) throw new Error(csv.error);
        const [header, ...body] = csv.value;
        if (!header) throw new Error('the CSV has no header row');
        rows = body.map((cells) => Object.fromEntries(header.map((h, i) => [h.trim(), cells[i] ?? ''])));
      }
    } catch (error) {
      io.err(`cannot read ${file}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    return withLocalCore(env, io, async ({ deps }) => {
      const trace = { traceId: `trace_import_${Date.now()}` as TraceId, actor: 'cli:import', at: deps.clock.now().toISOString(), origin: 'cli' as const };
      let created = 0;
      let merged = 0;
      let bridged = 0;
      const refused: string[] = [];
      const conflicts: string[] = [];
      for (const [index, r] of rows.entries()) {
        const result = await upsertLead(deps, toInput(r, label), trace);
        if (result.isErr()) refused.push(`row ${index + 1}: ${'message' in result.error ? result.error.message : result.error._tag}`);
        else {
          if (result.value.created) created++;
          else merged++;
          bridged += result.value.absorbed.length;
          for (const c of result.value.conflicts) conflicts.push(`row ${index + 1}: ${c.linkedin} has ${c.emails.length} e-mails (${c.emails.join(', ')}), all kept as keys of lead ${c.leadId}`);
        }
        if ((index + 1) % 500 === 0) io.err(`${index + 1} of ${rows.length} rows\n`);
      }
      io.out(`${created} lead(s) created, ${merged} merged, ${refused.length} refused${bridged > 0 ? `; ${bridged} existing lead(s) joined into the person they belong to` : ''}\n`);
      for (const line of refused) io.out(`  ${line}\n`);
      if (conflicts.length > 0) io.out(`identity conflicts (kept, check them):\n`);
      for (const line of [...new Set(conflicts)]) io.out(`  ${line}\n`);
      return refused.length ? EXIT.gateFailed : EXIT.ok;
    });
  },
};
