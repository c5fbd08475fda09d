import { TIERS, type DomainEvent, type LeadInput, type Tier } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { eventIdFrom } from './event-id.js';

/** Which Clay column feeds which lead field; column names are user-defined in Clay. @category adapters */
export interface ClayColumnMapping {
  readonly email: string;
  readonly linkedinUrl: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly title: string;
  readonly company: string;
  readonly companyDomain: string;
  readonly tier: string;
  readonly sourceLabel: string;
  /** Columns copied into the lead's signals when present. */
  readonly signals: readonly string[];
}

export const DEFAULT_CLAY_MAPPING: ClayColumnMapping = {
  email: 'email',
  linkedinUrl: 'linkedin_url',
  firstName: 'first_name',
  lastName: 'last_name',
  title: 'title',
  company: 'company_name',
  companyDomain: 'company_domain',
  tier: 'tier',
  sourceLabel: 'source_label',
  signals: ['industry', 'employee_count', 'personalization', 'tech_stack', 'hiring', 'location'],
};

export interface ClayOptions {
  readonly mapping: ClayColumnMapping;
  readonly defaultSourceLabel: string;
  readonly defaultTier: Tier;
}

const cell = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
const row = z.record(z.string(), cell.or(z.unknown()));

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : undefined);

/**
 * Clay rows (one object or an array) from an HTTP API column, mapped through the
 * configured columns into `LeadEnriched` events. A row without an e-mail or LinkedIn
 * URL is refused (Clay shows the error on the row). The id digests the identity and the
 * row's content, so an auto-update re-run of an unchanged row is a duplicate.
 *
 * @category adapters
 */
export const parseClay = (body: unknown, options: ClayOptions): Result<readonly DomainEvent[], string> => {
  const rows = Array.isArray(body) ? body : [body];
  if (rows.length === 0 || rows.length > 1000) return err('expected one row or an array of 1 to 1000 rows');
  const events: DomainEvent[] = [];
  for (const [index, raw] of rows.entries()) {
    const parsed = row.safeParse(raw);
    if (!parsed.success) return err(`row ${index} is not an object`);
    const r = parsed.data;
    const m = options.mapping;
    const email = text(r[m.email]);
    const linkedinUrl = text(r[m.linkedinUrl]);
    if (!email && !linkedinUrl) return err(`row ${index} has neither ${m.email} nor ${m.linkedinUrl}`);
    const tierCell = text(r[m.tier]);
    const tier = TIERS.find((t) => t === tierCell || t === `tier_${tierCell}`) ?? options.defaultTier;
    const signals = Object.fromEntries(
      m.signals.flatMap((column) => {
        const value = r[column];
        return value === null || value === undefined || value === '' ? [] : [[column, Array.isArray(value) ? value.map(String) : (value as string | number | boolean)]];
      }),
    );
    const lead: LeadInput = {
      ...(email ? { email } : {}),
      ...(linkedinUrl ? { linkedinUrl } : {}),
      source: 'clay',
      sourceLabel: text(r[m.sourceLabel]) ?? options.defaultSourceLabel,
      tier,
      firstName: text(r[m.firstName]) ?? null,
      lastName: text(r[m.lastName]) ?? null,
      title: text(r[m.title]) ?? null,
      company: text(r[m.company]) ?? null,
      companyDomain: text(r[m.companyDomain]) ?? null,
      signals,
    };
    const content = JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k]]));
    events.push({ type: 'LeadEnriched', eventId: eventIdFrom('clay', [email?.toLowerCase(), linkedinUrl, content]), provider: 'clay', occurredAt: new Date().toISOString(), lead });
  }
  return ok(events);
};
