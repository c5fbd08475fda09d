import type { DomainEvent, Tier } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { eventIdFrom } from './event-id.js';

const optionalText = z.string().nullish();

/** RB2B's fixed payload: Title Case keys with spaces (providers.md section 5). */
const rb2bVisit = z.looseObject({
  'LinkedIn URL': z.string().min(1),
  'First Name': optionalText,
  'Last Name': optionalText,
  Title: optionalText,
  'Company Name': optionalText,
  'Business Email': optionalText,
  Website: optionalText,
  Industry: optionalText,
  'Employee Count': z.union([z.number(), z.string()]).nullish(),
  'Estimate Revenue': optionalText,
  City: optionalText,
  State: optionalText,
  Zipcode: z.union([z.string(), z.number()]).nullish(),
  'Seen At': z.string().nullish(),
  Referrer: optionalText,
  'Captured URL': optionalText,
  Tags: optionalText,
});

/**
 * RB2B's "Seen At" is meant to be ISO 8601, but its own sample is malformed
 * (`2024-01-01T12:34:56:00.00+00.00`): take what parses, else the date-time prefix as
 * UTC, else the time of receipt. Never throws.
 */
export const lenientSeenAt = (raw: string | null | undefined, received: Date): string => {
  if (raw) {
    const direct = Date.parse(raw);
    if (!Number.isNaN(direct)) return new Date(direct).toISOString();
    const prefix = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/.exec(raw)?.[1];
    if (prefix && !Number.isNaN(Date.parse(`${prefix}Z`))) return new Date(`${prefix}Z`).toISOString();
  }
  return received.toISOString();
};

const hostOf = (url: string | null | undefined): string | null => {
  if (!url) return null;
  try {
    return new URL(url.includes('://') ? url : `https://${url}`).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
};

export interface Rb2bOptions {
  readonly sourceLabel: string;
  readonly tier: Tier;
}

/**
 * An identified website visitor becomes `VisitorIdentified`; a company-only profile
 * (a `/company/` URL, no person) is `Ignored`, since a lead must be a person.
 *
 * @category adapters
 */
export const parseRb2b = (body: unknown, options: Rb2bOptions, received: Date): Result<readonly DomainEvent[], string> => {
  const parsed = rb2bVisit.safeParse(body);
  if (!parsed.success) return err(`not an RB2B visit: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  const v = parsed.data;
  const seenAt = lenientSeenAt(v['Seen At'], received);
  const eventId = eventIdFrom('rb2b', [v['LinkedIn URL'], v['Seen At'], v['Captured URL']]);
  if (!/linkedin\.com\/in\//i.test(v['LinkedIn URL'])) {
    return ok([{ type: 'Ignored', eventId, provider: 'rb2b', occurredAt: seenAt, providerType: 'company_only_profile' }]);
  }
  const tags = (v.Tags ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const signals = Object.fromEntries(
    Object.entries({
      page_visited: v['Captured URL'],
      referrer: v.Referrer,
      industry: v.Industry,
      employee_count: v['Employee Count'],
      estimated_revenue: v['Estimate Revenue'],
      location: [v.City, v.State].filter(Boolean).join(', ') || null,
      tags: tags.length ? tags : null,
    }).filter(([, value]) => value !== null && value !== undefined && value !== ''),
  ) as Record<string, string | number | string[]>;
  return ok([
    {
      type: 'VisitorIdentified',
      eventId,
      provider: 'rb2b',
      occurredAt: seenAt,
      ...(v['Captured URL'] ? { pageUrl: v['Captured URL'] } : {}),
      lead: {
        linkedinUrl: v['LinkedIn URL'],
        email: v['Business Email'] ?? null,
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
