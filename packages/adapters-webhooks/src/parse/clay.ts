import { canonicalJson, TIERS, type DomainEvent, type LeadInput, type Signals, type Tier } from '@caio/core';
import { err, ok, Result } from 'neverthrow';
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
const rows = z.union([row, z.array(row).min(1).max(MAX_CLAY_ROWS)]);

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

const toEvent = (r: Record<string, unknown>, index: number, options: ClayOptions, received: Date): Result<DomainEvent, string> => {
  const m = options.mapping;
  const email = text(r[m.email]);
  const linkedinUrl = text(r[m.linkedinUrl]);
  if (!email && !linkedinUrl) return err(`row ${index} has neither ${m.email} nor ${m.linkedinUrl}`);
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
  // Identity plus the whole row, canonically: an auto-update re-run of an unchanged row
  // is a duplicate, a changed row is new information.
  const eventId = eventIdFrom('clay', [email?.toLowerCase(), linkedinUrl, canonicalJson(r)]);
  return ok({ type: 'LeadEnriched', eventId, provider: 'clay', occurredAt: received.toISOString(), lead });
};

/**
 * Clay rows from an HTTP API column (one object, or an array of up to 1,000), mapped
 * through the configured columns into `LeadEnriched` events with source `clay`. Null
 * and extra columns are tolerated; a row without an e-mail or LinkedIn URL is refused
 * (Clay shows the error on the row).
 *
 * @category adapters
 */
export const parseClay = (body: unknown, options: ClayOptions, received: Date): Result<readonly DomainEvent[], string> => {
  const parsed = rows.safeParse(body);
  if (!parsed.success) return err(`expected a row object or an array of 1 to ${MAX_CLAY_ROWS} row objects`);
  const list = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  return Result.combine(list.map((r, index) => toEvent(r, index, options, received)));
};
