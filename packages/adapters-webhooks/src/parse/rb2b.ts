import { parseEmail, type DomainEvent, type Signals, type Tier } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { eventIdFrom } from './event-id.js';
import { firstIssue } from './first-issue.js';
import { ISO_INSTANT } from './instant-or.js';

const text = z.string().nullish();

/** RB2B's fixed payload: Title Case keys with spaces (providers.md section 5); OEM payloads add `customer_id`. */
const rb2bVisit = z.looseObject({
  'LinkedIn URL': z.string().min(1),
  'First Name': text,
  'Last Name': text,
  Title: text,
  'Company Name': text,
  'Business Email': text,
  Website: text,
  Industry: text,
  'Employee Count': z.union([z.number(), z.string()]).nullish(),
  'Estimate Revenue': text,
  City: text,
  State: text,
  Zipcode: z.union([z.string(), z.number()]).nullish(),
  'Seen At': text,
  Referrer: text,
  'Captured URL': text,
  Tags: text,
  // Sent when the account opts into repeat visits: a new signal about a known person.
  is_repeat_visit: z.union([z.boolean(), z.string()]).nullish(),
});

const DATE_TIME_PREFIX = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/;

/**
 * RB2B's `Seen At` is meant to be ISO 8601, but its own sample is malformed
 * (`2024-01-01T12:34:56:00.00+00.00`): a well-formed value is used as is, else its
 * date-time prefix as UTC, else the time of receipt. Never throws.
 *
 * @category adapters
 */
export const lenientSeenAt = (raw: string | null | undefined, received: Date): string => {
  if (raw && ISO_INSTANT.test(raw) && !Number.isNaN(Date.parse(raw))) return new Date(raw).toISOString();
  const prefix = raw ? DATE_TIME_PREFIX.exec(raw)?.[1] : undefined;
  const ms = prefix ? Date.parse(`${prefix}Z`) : NaN;
  return Number.isNaN(ms) ? received.toISOString() : new Date(ms).toISOString();
};

const hostOf = (url: string | null | undefined): string | null => {
  if (!url) return null;
  try {
    return new URL(url.includes('://') ? url : `https://${url}`).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
};

const PERSON_PROFILE = /linkedin\.com\/in\//i;

/** @category adapters */
export interface Rb2bOptions {
  readonly sourceLabel: string;
  readonly tier: Tier;
}

/**
 * An identified website visitor becomes `VisitorIdentified` (a lead upsert with source
 * `rb2b`). A lead must be a person: a profile with neither a personal LinkedIn URL
 * (`/in/`) nor a business e-mail — RB2B's company-only profiles, with a `/company/`
 * URL — is recorded as `Ignored`; a `Business Email` that is not a well-formed address
 * is not used as an identity key. The id digests the profile URL, the visit time and the
 * page, so a repeat visit (`is_repeat_visit`) is a new event and a redelivery is not; the
 * lead upsert merges it into the same person, its page and `repeat_visit` signals
 * updated, never a second lead.
 *
 * @category adapters
 */
export const parseRb2b = (body: unknown, options: Rb2bOptions, received: Date): Result<readonly DomainEvent[], string> => {
  const parsed = rb2bVisit.safeParse(body);
  if (!parsed.success) return err(`not an RB2B visit: ${firstIssue(parsed.error)}`);
  const v = parsed.data;
  const occurredAt = lenientSeenAt(v['Seen At'], received);
  const eventId = eventIdFrom('rb2b', [v['LinkedIn URL'], v['Seen At'], v['Captured URL']]);
  const linkedinUrl = PERSON_PROFILE.test(v['LinkedIn URL']) ? v['LinkedIn URL'] : null;
  const rawEmail = v['Business Email']?.trim();
  const email = rawEmail && parseEmail(rawEmail).isOk() ? rawEmail : null;
  const repeat = v.is_repeat_visit === true || (typeof v.is_repeat_visit === 'string' && v.is_repeat_visit.toLowerCase() === 'true');
  if (!linkedinUrl && !email) return ok([{ type: 'Ignored', eventId, provider: 'rb2b', occurredAt, providerType: 'company_only_profile' }]);
  const tags = (v.Tags ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const signals: Signals = Object.fromEntries(
    Object.entries({
      page_visited: v['Captured URL'],
      referrer: v.Referrer,
      industry: v.Industry,
      employee_count: v['Employee Count'],
      estimated_revenue: v['Estimate Revenue'],
      location: [v.City, v.State].filter(Boolean).join(', '),
      tags: tags.length > 0 ? tags : null,
      repeat_visit: v.is_repeat_visit === undefined || v.is_repeat_visit === null ? null : repeat,
      last_seen_at: occurredAt,
    }).filter((entry): entry is [string, string | number | boolean | string[]] => entry[1] !== null && entry[1] !== undefined && entry[1] !== ''),
  );
  return ok([
    {
      type: 'VisitorIdentified',
      eventId,
      provider: 'rb2b',
      occurredAt,
      ...(v['Captured URL'] ? { pageUrl: v['Captured URL'] } : {}),
      lead: {
        linkedinUrl,
        email,
        source: 'rb2b',
        sourceLabel: options.sourceLabel,
        tier: options.tier,
        firstName: v['First Name'] ?? null,
        lastName: v['Last Name'] ?? null,
        title: v.Title ?? null,
        company: v['Company Name'] ?? null,
        companyDomain: hostOf(v.Website),
        signals,
      },
    },
  ]);
};
