import { err, ok, type Result } from 'neverthrow';
import type { LeadId } from '../ids.js';
import { validationError, type ValidationError } from '../shared/validation-error.js';
import { parseEmail } from './email.js';
import { identityKeys, keyKind, parseIdentityKey, sortKeys, type IdentityKey, type LeadIdentity } from './identity.js';
import { keepFuller, type FieldProvenance } from './field-merge.js';
import { parseLinkedInProfile } from './linkedin.js';

/** Where a lead came from. @category model */
export const LEAD_SOURCES = ['clay', 'rb2b', 'import', 'manual'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

/** @category model */
export const TIERS = ['tier_1', 'tier_2', 'tier_3'] as const;
export type Tier = (typeof TIERS)[number];

/**
 * What is known about why this lead is worth a message: tech stack, hiring, pages
 * visited... Values are flat so they can become provider custom variables.
 *
 * @category model
 */
export type Signals = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** The descriptive fields a merge compares one by one. @category model */
export const LEAD_FIELDS = ['firstName', 'lastName', 'company', 'companyDomain', 'title', 'timezone'] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

/** A person. @category model */
export interface Lead {
  readonly id: LeadId;
  /** The primary e-mail and LinkedIn profile (what channels address). */
  readonly identity: LeadIdentity;
  /**
   * Every other key known for the person: provider ids (`ghl:…`, `instantly:…`,
   * `heyreach:…`) and a second e-mail that arrived with the same LinkedIn profile (a
   * conflict kept as both keys, never dropped). Absent on leads with none.
   */
  readonly otherKeys?: readonly IdentityKey[];
  /** Where each descriptive field's value came from and when (absent on older leads). */
  readonly provenance?: Readonly<Partial<Record<LeadField, FieldProvenance>>>;
  readonly source: LeadSource;
  /** E.g. the account being prospected (`wpromote`); pipelines run per label. */
  readonly sourceLabel: string;
  readonly tier: Tier;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly company?: string;
  readonly companyDomain?: string;
  readonly title?: string;
  /** IANA timezone of the lead, when known (for lead-local quiet hours). */
  readonly timezone?: string;
  readonly signals: Signals;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface LeadInput {
  readonly email?: string | null;
  readonly linkedinUrl?: string | null;
  readonly source: LeadSource;
  readonly sourceLabel: string;
  readonly tier: Tier;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly company?: string | null;
  readonly companyDomain?: string | null;
  readonly title?: string | null;
  readonly timezone?: string | null;
  readonly signals?: Signals;
  /** More identity keys as `kind:value` (provider ids learnt elsewhere), see `parseIdentityKey`. */
  readonly keys?: readonly string[] | null;
}

const present = (v: string | null | undefined): string | undefined => {
  const t = v?.trim();
  return t ? t : undefined;
};

/** Validates raw lead data into an identity; at least one identity key is required. */
export const parseLeadIdentity = (input: Pick<LeadInput, 'email' | 'linkedinUrl'>): Result<LeadIdentity, ValidationError> => {
  const rawEmail = present(input.email);
  const rawLinkedIn = present(input.linkedinUrl);
  if (!rawEmail && !rawLinkedIn) return err(validationError('identity', 'a lead needs an email or a LinkedIn profile URL'));
  const email = rawEmail === undefined ? ok(undefined) : parseEmail(rawEmail);
  if (email.isErr()) return err(email.error);
  const linkedin = rawLinkedIn === undefined ? ok(undefined) : parseLinkedInProfile(rawLinkedIn);
  if (linkedin.isErr()) return err(linkedin.error);
  return ok({
    ...(email.value ? { email: email.value } : {}),
    ...(linkedin.value ? { linkedin: linkedin.value } : {}),
  });
};

/** Smart constructor: a new lead at version 1. */
export const createLead = (id: LeadId, input: LeadInput, at: string): Result<Lead, ValidationError> => {
  const sourceLabel = input.sourceLabel.trim();
  if (!sourceLabel) return err(validationError('sourceLabel', 'is empty'));
  if (!LEAD_SOURCES.includes(input.source)) return err(validationError('source', `must be one of ${LEAD_SOURCES.join(', ')}`));
  if (!TIERS.includes(input.tier)) return err(validationError('tier', `must be one of ${TIERS.join(', ')}`));
  const extra: IdentityKey[] = [];
  for (const raw of input.keys ?? []) {
    const key = parseIdentityKey(raw);
    if (key.isErr()) return err(key.error);
    extra.push(key.value);
  }
  return parseLeadIdentity(input).map((identity): Lead => {
    const optional = {
      firstName: present(input.firstName),
      lastName: present(input.lastName),
      company: present(input.company),
      companyDomain: present(input.companyDomain)?.toLowerCase(),
      title: present(input.title),
      timezone: present(input.timezone),
    };
    const fields = Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<Lead>;
    const primary = new Set(identityKeys(identity));
    const otherKeys = sortKeys(extra.filter((k) => !primary.has(k)));
    const provenance = Object.fromEntries(Object.keys(fields).map((k) => [k, { source: input.source, at }]));
    return {
      id,
      identity,
      ...(otherKeys.length > 0 ? { otherKeys } : {}),
      ...(Object.keys(provenance).length > 0 ? { provenance } : {}),
      source: input.source,
      sourceLabel,
      tier: input.tier,
      ...fields,
      signals: input.signals ?? {},
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
  });
};

/** Every identity key of a lead: its primary identity, then its other keys. */
export const leadKeys = (lead: Pick<Lead, 'identity' | 'otherKeys'>): readonly IdentityKey[] => sortKeys([...identityKeys(lead.identity), ...(lead.otherKeys ?? [])]);

const newerFirst = (a: FieldProvenance | undefined, b: FieldProvenance | undefined): boolean => (a?.at ?? '') > (b?.at ?? '');

/**
 * Merges another observation of the same person into a stored lead without degrading it:
 * identity keys are united (the stored primary e-mail and profile stay primary; a
 * different e-mail becomes another key, kept and reported, never dropped), each field
 * keeps the fuller value (`keepFuller`) with its provenance, signals are merged key by
 * key (newer wins), and the better (lower-numbered) tier is kept.
 */
export const mergeLead = (stored: Lead, incoming: Lead, at: string): Lead => {
  // The observation made later is "incoming" for the field rule, whichever record it is.
  const fields: Partial<Record<LeadField, string>> = {};
  const provenance: Partial<Record<LeadField, FieldProvenance>> = {};
  for (const field of LEAD_FIELDS) {
    const storedAt = stored.provenance?.[field] ?? (stored[field] !== undefined ? { source: stored.source, at: stored.updatedAt } : undefined);
    const incomingAt = incoming.provenance?.[field] ?? (incoming[field] !== undefined ? { source: incoming.source, at: incoming.updatedAt } : undefined);
    const [older, newer, olderAt, newerAt] = newerFirst(storedAt, incomingAt) ? [incoming[field], stored[field], incomingAt, storedAt] : [stored[field], incoming[field], storedAt, incomingAt];
    const pick = keepFuller(older, newer) === 'stored' ? ([older, olderAt] as const) : ([newer, newerAt] as const);
    if (pick[0] !== undefined) fields[field] = pick[0];
    if (pick[0] !== undefined && pick[1]) provenance[field] = pick[1];
  }
  const identity: LeadIdentity = {
    ...(stored.identity.email ?? incoming.identity.email ? { email: (stored.identity.email ?? incoming.identity.email)! } : {}),
    ...(stored.identity.linkedin ?? incoming.identity.linkedin ? { linkedin: (stored.identity.linkedin ?? incoming.identity.linkedin)! } : {}),
  };
  const primary = new Set(identityKeys(identity));
  const otherKeys = sortKeys([...leadKeys(stored), ...leadKeys(incoming)].filter((k) => !primary.has(k)));
  const { otherKeys: _o, provenance: _p, ...base } = stored;
  for (const field of LEAD_FIELDS) delete (base as Partial<Record<LeadField, string>>)[field];
  return {
    ...base,
    ...fields,
    identity,
    ...(otherKeys.length > 0 ? { otherKeys } : {}),
    ...(Object.keys(provenance).length > 0 ? { provenance } : {}),
    tier: stored.tier < incoming.tier ? stored.tier : incoming.tier,
    signals: { ...stored.signals, ...incoming.signals },
    updatedAt: at,
    version: stored.version + 1,
  };
};

/** An identity conflict worth an operator's eye: one LinkedIn profile with several e-mails. @category model */
export interface IdentityConflict {
  readonly leadId: LeadId;
  readonly linkedin: IdentityKey;
  readonly emails: readonly IdentityKey[];
}

export const identityConflicts = (lead: Lead): readonly IdentityConflict[] => {
  const keys = leadKeys(lead);
  const emails = keys.filter((k) => keyKind(k) === 'email');
  const linkedin = keys.find((k) => keyKind(k) === 'linkedin');
  return linkedin && emails.length > 1 ? [{ leadId: lead.id, linkedin, emails }] : [];
};
