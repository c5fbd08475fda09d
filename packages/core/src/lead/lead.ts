import { err, ok, type Result } from 'neverthrow';
import type { LeadId } from '../ids.js';
import { validationError, type ValidationError } from '../shared/validation-error.js';
import { parseEmail } from './email.js';
import { identityKeys, type IdentityKey, type LeadIdentity } from './identity.js';
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

/** A person. @category model */
export interface Lead {
  readonly id: LeadId;
  readonly identity: LeadIdentity;
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
  return parseLeadIdentity(input).map((identity): Lead => {
    const optional = {
      firstName: present(input.firstName),
      lastName: present(input.lastName),
      company: present(input.company),
      companyDomain: present(input.companyDomain)?.toLowerCase(),
      title: present(input.title),
      timezone: present(input.timezone),
    };
    return {
      id,
      identity,
      source: input.source,
      sourceLabel,
      tier: input.tier,
      ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<Lead>),
      signals: input.signals ?? {},
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
  });
};

export const leadKeys = (lead: Pick<Lead, 'identity'>): readonly IdentityKey[] => identityKeys(lead.identity);

/**
 * Merges a newer observation of the same person into a stored lead: identity keys are
 * united, newer non-empty fields win, signals are merged key by key, and the better
 * (lower-numbered) tier is kept.
 */
export const mergeLead = (stored: Lead, incoming: Lead, at: string): Lead => ({
  ...stored,
  ...Object.fromEntries(
    (['firstName', 'lastName', 'company', 'companyDomain', 'title', 'timezone'] as const)
      .filter((k) => incoming[k] !== undefined)
      .map((k) => [k, incoming[k]]),
  ),
  identity: {
    ...(stored.identity.email ?? incoming.identity.email ? { email: (stored.identity.email ?? incoming.identity.email)! } : {}),
    ...(stored.identity.linkedin ?? incoming.identity.linkedin ? { linkedin: (stored.identity.linkedin ?? incoming.identity.linkedin)! } : {}),
  },
  tier: stored.tier < incoming.tier ? stored.tier : incoming.tier,
  signals: { ...stored.signals, ...incoming.signals },
  updatedAt: at,
  version: stored.version + 1,
});
