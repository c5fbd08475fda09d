import { createLead, leadKeys, TIERS, upsertLead, type CoreDeps, type LeadId, type LeadInput, type Tier, type TraceEnvelope } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { parseCsv } from '../cli/csv.js';

/** The lead fields a column can hold; any other column becomes a signal. */
export const IMPORT_FIELDS = ['email', 'linkedin_url', 'keys', 'first_name', 'last_name', 'company', 'company_domain', 'title', 'timezone', 'source_label', 'tier'] as const;
type Field = (typeof IMPORT_FIELDS)[number];

/** At most this many rows per import (the API also limits the body's size). */
export const MAX_IMPORT_ROWS = 10_000;
const PREVIEW_ROWS = 20;

/**
 * `--map "Work Email=email,Person Linkedin Url=linkedin_url"`: which header holds which
 * field. A header not named keeps its own name (a known field name, or a signal).
 */
export const parseColumnMap = (spec: string | undefined): Result<ReadonlyMap<string, Field>, string> => {
  const map = new Map<string, Field>();
  if (!spec?.trim()) return ok(map);
  for (const pair of spec.split(',')) {
    const at = pair.lastIndexOf('=');
    const header = pair.slice(0, at).trim();
    const field = pair.slice(at + 1).trim();
    if (at < 0 || !header) return err(`"${pair.trim()}" is not HEADER=field`);
    if (!(IMPORT_FIELDS as readonly string[]).includes(field)) return err(`"${field}" is not a lead field (${IMPORT_FIELDS.join(', ')})`);
    map.set(header, field as Field);
  }
  return ok(map);
};

/** CSV text to rows keyed by field (mapped headers renamed), or why it cannot be read. */
export const csvRows = (text: string, map: ReadonlyMap<string, Field>): Result<Record<string, string>[], string> => {
  const csv = parseCsv(text.replace(/^\uFEFF/, ''));
  if (csv.isErr()) return err(csv.error);
  const [header, ...body] = csv.value;
  if (!header) return err('the CSV has no header row');
  const names = header.map((h) => map.get(h.trim()) ?? h.trim());
  const missing = [...map.keys()].filter((h) => !header.some((x) => x.trim() === h));
  if (missing.length > 0) return err(`the header has no column ${missing.map((m) => JSON.stringify(m)).join(', ')} (named in --map)`);
  if (body.length > MAX_IMPORT_ROWS) return err(`${body.length} rows; at most ${MAX_IMPORT_ROWS} per import`);
  return ok(body.map((cells) => Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']))));
};

const COMPANY_PAGE = /linkedin\.com\/(company|school|showcase)\//i;

/** One row as lead input, with what was noticed about it (a company page in the person column...). */
export const rowInput = (r: Readonly<Record<string, unknown>>, defaultLabel: string): { input: LeadInput; warnings: string[] } => {
  const text = (k: string) => (typeof r[k] === 'string' && (r[k] as string).trim() ? (r[k] as string).trim() : typeof r[k] === 'number' ? String(r[k]) : null);
  const warnings: string[] = [];
  let linkedin = text('linkedin_url');
  if (linkedin && COMPANY_PAGE.test(linkedin)) {
    warnings.push(`linkedin_url holds a company page (${linkedin.slice(0, 80)}), not a person's profile: left out${text('email') ? ', the row keeps its e-mail' : ''}`);
    linkedin = null;
  }
  const tierCell = text('tier');
  const tier: Tier = (TIERS.find((t) => t === tierCell || t === `tier_${tierCell}`) ?? 'tier_2') as Tier;
  const signals = Object.fromEntries(
    Object.entries(r)
      .filter(([k, v]) => !(IMPORT_FIELDS as readonly string[]).includes(k) && v !== null && v !== '' && v !== undefined)
      .map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean)]),
  );
  return {
    input: {
      email: text('email'),
      linkedinUrl: linkedin,
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
    },
    warnings,
  };
};

export interface ImportReport {
  readonly dryRun: boolean;
  readonly rows: number;
  readonly created: number;
  readonly merged: number;
  /** Existing leads joined into the person a row showed they belong to (a row naming keys of several leads). */
  readonly bridged: number;
  /** One LinkedIn profile with several e-mails: all kept as keys of one lead; worth a look. */
  readonly conflicts: readonly { readonly row: number; readonly message: string }[];
  readonly refused: readonly { readonly row: number; readonly reason: string }[];
  readonly warnings: readonly { readonly row: number; readonly message: string }[];
  /** The first rows as they would be stored (dry run) or were. */
  readonly preview: readonly { readonly row: number; readonly result: 'create' | 'merge' | 'refused'; readonly email: string | null; readonly linkedin: string | null; readonly name: string; readonly company: string | null; readonly tier: string; readonly label: string }[];
}

/**
 * Imports rows (row 1 is the first row after the header): each is merged into the lead
 * sharing an identity key, or created; a row that cannot be a lead is refused with the
 * reason and nothing of it is written. A dry run validates and looks up every row the
 * same way and writes nothing.
 */
export const importLeads = async (deps: CoreDeps, rows: readonly Readonly<Record<string, unknown>>[], options: { readonly label: string; readonly dryRun: boolean; readonly trace: TraceEnvelope; readonly progress?: (done: number) => void }): Promise<ImportReport> => {
  let created = 0;
  let merged = 0;
  let bridged = 0;
  const conflicts: { row: number; message: string }[] = [];
  const refused: { row: number; reason: string }[] = [];
  const warnings: { row: number; message: string }[] = [];
  const preview: ImportReport['preview'][number][] = [];
  for (const [index, r] of rows.entries()) {
    const row = index + 1;
    const { input, warnings: noticed } = rowInput(r, options.label);
    for (const message of noticed) warnings.push({ row, message });
    const outcome: Result<RowOutcome, string> = options.dryRun ? await wouldImport(deps, input) : await writeRow(deps, input, options.trace);
    const result = outcome.isOk() ? outcome.value.result : 'refused';
    if (outcome.isErr()) refused.push({ row, reason: outcome.error });
    else {
      if (outcome.value.result === 'create') created++;
      else merged++;
      bridged += outcome.value.bridged;
      for (const message of outcome.value.conflicts) conflicts.push({ row, message });
    }
    if (preview.length < PREVIEW_ROWS) {
      preview.push({ row, result, email: input.email ?? null, linkedin: input.linkedinUrl ?? null, name: [input.firstName, input.lastName].filter(Boolean).join(' '), company: input.company ?? null, tier: input.tier, label: input.sourceLabel });
    }
    if (row % 500 === 0) options.progress?.(row);
  }
  return { dryRun: options.dryRun, rows: rows.length, created, merged, bridged, conflicts, refused, warnings, preview };
};

interface RowOutcome {
  readonly result: 'create' | 'merge';
  readonly bridged: number;
  readonly conflicts: readonly string[];
}

const writeRow = async (deps: CoreDeps, input: LeadInput, trace: TraceEnvelope): Promise<Result<RowOutcome, string>> => {
  const upserted = await upsertLead(deps, input, trace);
  if (upserted.isErr()) return err('message' in upserted.error ? upserted.error.message : upserted.error._tag);
  const { created, absorbed, conflicts } = upserted.value;
  return ok({
    result: created ? 'create' : 'merge',
    bridged: absorbed.length,
    conflicts: conflicts.map((c) => `${c.linkedin} has ${c.emails.length} e-mails (${c.emails.join(', ')}), all kept as keys of lead ${c.leadId}`),
  });
};

/** What an import of this row would do, reading only. */
const wouldImport = async (deps: CoreDeps, input: LeadInput): Promise<Result<RowOutcome, string>> => {
  const candidate = createLead('lead_dry_run' as LeadId, input, new Date(0).toISOString());
  if (candidate.isErr()) return err(candidate.error.message);
  const existing = await deps.store.findLeadsByKeys(leadKeys(candidate.value));
  if (existing.isErr()) return err(existing.error._tag);
  return ok({ result: existing.value.length > 0 ? 'merge' : 'create', bridged: Math.max(0, existing.value.length - 1), conflicts: [] });
};
