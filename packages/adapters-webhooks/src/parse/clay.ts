import { canonicalJson, parseEmail, parseLinkedInProfile, TIERS, type DomainEvent, type LeadInput, type Signals, type Tier } from '@caio/core';
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
  readonly timezone: string;
  readonly tier: string;
  readonly sourceLabel: string;
  /** Columns copied into the lead's signals when present (flat values only). */
  readonly signals: readonly string[];
}

/** The columns of the example row in providers.md section 6, plus optional tier and source label columns. @category adapters */
export const DEFAULT_CLAY_MAPPING: ClayColumnMapping = {
  email: 'email',
  linkedinUrl: 'linkedin_url',
  firstName: 'first_name',
  lastName: 'last_name',
  title: 'title',
  company: 'company_name',
  companyDomain: 'company_domain',
  timezone: 'timezone',
  tier: 'tier',
  sourceLabel: 'source_label',
  signals: ['industry', 'employee_count', 'personalization', 'icebreaker', 'tech_stack', 'hiring', 'location', 'phone', 'company_linkedin_url'],
};

/** @category adapters */
export interface ClayOptions {
  readonly mapping: ClayColumnMapping;
  /** Source label of rows without a source label column. */
  readonly defaultSourceLabel: string;
  /** Tier of rows without a (recognisable) tier column. */
  readonly defaultTier: Tier;
}

export const MAX_CLAY_ROWS = 1000;

const row = z.record(z.string(), z.unknown());
const rowList = z.array(row).min(1).max(MAX_CLAY_ROWS);
// Clay bodies are user-authored: one row, an array of rows, or rows wrapped as {rows:[…]}.
const wrapped = z.looseObject({ rows: rowList });
const rows = z.union([wrapped.transform((w) => w.rows), rowList, row.transform((r) => [r])]);

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value.trim() || undefined : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined);

/** `tier_1`, `1`, `Tier 1`, `T1` all mean tier_1; anything else falls back to the default. */
const tierOf = (value: unknown, fallback: Tier): Tier => {
  const digit = /^(?:tier[ _-]?|t)?([123])$/i.exec(text(value) ?? '')?.[1];
  return TIERS.find((t) => t === `tier_${digit}`) ?? fallback;
};

const signalValue = (value: unknown): string | number | boolean | readonly string[] | undefined => {
  if (typeof value === 'string') return value.trim() || undefined;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
};

/** A value that can be an identity key: a well-formed e-mail or a LinkedIn profile, else nothing. */
const validEmail = (value: string | undefined): string | undefined => (value && parseEmail(value).isOk() ? value : undefined);
const validProfile = (value: string | undefined): string | undefined => (value && parseLinkedInProfile(value).isOk() ? value : undefined);

const toEvent = (r: Record<string, unknown>, options: ClayOptions, received: Date): DomainEvent => {
  const m = options.mapping;
  const email = validEmail(text(r[m.email]));
  const linkedinUrl = validProfile(text(r[m.linkedinUrl]));
  // Identity plus the whole row, canonically: an auto-update re-run of an unchanged row
  // is a duplicate, a changed row is new information.
  const eventId = eventIdFrom('clay', [email?.toLowerCase(), linkedinUrl, canonicalJson(r)]);
  const occurredAt = received.toISOString();
  // A company-only row (or one whose person columns hold no usable value) names nobody to
  // contact: recorded, not refused, so Clay does not flag the row and nothing is lost.
  if (!email && !linkedinUrl) return { type: 'Ignored', eventId, provider: 'clay', occurredAt, providerType: 'row_without_person' };
  const signals: Signals = Object.fromEntries(m.signals.flatMap((column) => {
    const value = signalValue(r[column]);
    return value === undefined ? [] : [[column, value]];
  }));
  const lead: LeadInput = {
    email: email ?? null,
    linkedinUrl: linkedinUrl ?? null,
    source: 'clay',
    sourceLabel: text(r[m.sourceLabel]) ?? options.defaultSourceLabel,
    tier: tierOf(r[m.tier], options.defaultTier),
    firstName: text(r[m.firstName]) ?? null,
    lastName: text(r[m.lastName]) ?? null,
    title: text(r[m.title]) ?? null,
    company: text(r[m.company]) ?? null,
    companyDomain: text(r[m.companyDomain]) ?? null,
    timezone: text(r[m.timezone]) ?? null,
    signals,
  };
  return { type: 'LeadEnriched', eventId, provider: 'clay', occurredAt, lead };
};

/**
 * Clay rows from an HTTP API column (one object, an array of up to 1,000, or the same
 * wrapped as `{rows:[…]}`), mapped through the configured columns into `LeadEnriched`
 * events with source `clay`. Null and extra columns are tolerated. An e-mail or LinkedIn
 * value that is not well-formed is not used as an identity key; a row left without one
 * (a company-only row) is `Ignored`. Anything else (an empty list, a list of non-objects)
 * is an error, which the caller quarantines.
 *
 * @category adapters
 */
export const parseClay = (body: unknown, options: ClayOptions, received: Date): Result<readonly DomainEvent[], string> => {
  const parsed = rows.safeParse(body);
  if (!parsed.success) return err(`expected a row object, an array of 1 to ${MAX_CLAY_ROWS} row objects, or {rows: [...]}`);
  return ok(parsed.data.map((r) => toEvent(r, options, received)));
};
