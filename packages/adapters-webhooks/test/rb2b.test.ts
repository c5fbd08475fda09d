import { lenientSeenAt, parseRb2b } from '@caio/adapters-webhooks';
import { createLead, type LeadId } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { rb2bCompany, rb2bPerson } from './fixtures.js';
import { NOW } from './support.js';

const options = { sourceLabel: 'website', tier: 'tier_1' as const };
const parse = (body: unknown) => parseRb2b(body, options, NOW);
const first = (body: unknown) => parse(body)._unsafeUnwrap()[0];

describe('RB2B visitors', () => {
  it('maps the person fixture: Title Case keys, numeric employee count, comma tags, a valid lead', () => {
    const event = first(rb2bPerson);
    expect(event).toEqual({
      type: 'VisitorIdentified',
      eventId: expect.stringMatching(/^rb2b:[0-9a-f]{40}$/),
      provider: 'rb2b',
      occurredAt: '2025-03-01T12:34:56.000Z',
      pageUrl: 'https://ourapp.com/pricing',
      lead: {
        linkedinUrl: 'https://www.linkedin.com/in/ada/',
        email: 'ada@acme.com',
        source: 'rb2b',
        sourceLabel: 'website',
        tier: 'tier_1',
        firstName: 'Ada',
        lastName: 'Lovelace',
        title: 'CTO',
        company: 'Acme',
        companyDomain: 'acme.com',
        signals: { page_visited: 'https://ourapp.com/pricing', referrer: 'https://google.com', industry: 'Software', employee_count: 120, estimated_revenue: '$22M rev', location: 'Austin, Texas', tags: ['Hot Pages', 'Hot Leads'], last_seen_at: '2025-03-01T12:34:56.000Z' },
      },
    });
    expect(event?.type === 'VisitorIdentified' && createLead('lead-1' as LeadId, event.lead, NOW.toISOString()).isOk()).toBe(true);
  });

  it("ignores the company-only fixture (string employee count, RB2B's malformed date)", () => {
    expect(first(rb2bCompany)).toEqual({ type: 'Ignored', eventId: expect.stringMatching(/^rb2b:/), provider: 'rb2b', occurredAt: '2024-01-01T12:34:56.000Z', providerType: 'company_only_profile' });
  });

  it('keeps a company-URL profile that names a person by business e-mail, without the company URL as identity', () => {
    expect(first({ ...rb2bCompany, 'Business Email': 'ada@acme.com', 'First Name': 'Ada' })).toMatchObject({ type: 'VisitorIdentified', lead: { email: 'ada@acme.com', linkedinUrl: null, signals: { employee_count: '51-200' } } });
  });

  it('accepts OEM extras and refuses a body without a LinkedIn URL', () => {
    expect(first({ ...rb2bPerson, customer_id: 'c-1', Zipcode: 73301 })?.type).toBe('VisitorIdentified');
    expect(parse({ 'First Name': 'Ada' }).isErr()).toBe(true);
    expect(parse({ ...rb2bPerson, 'Employee Count': { min: 1 } }).isErr()).toBe(true);
  });

  it('parses Seen At leniently and never throws', () => {
    expect(lenientSeenAt('2024-01-01T12:34:56:00.00+00.00', NOW)).toBe('2024-01-01T12:34:56.000Z');
    expect(lenientSeenAt('2025-03-01T12:34:56+02:00', NOW)).toBe('2025-03-01T10:34:56.000Z');
    for (const raw of ['yesterday', '1', '2024-13-45T99:99:99Z', '', null, undefined]) expect(lenientSeenAt(raw, NOW)).toBe(NOW.toISOString());
  });

  it("never makes an identity key of a malformed Business Email (RB2B's published sample shows an obfuscated one)", () => {
    expect(first({ ...rb2bPerson, 'Business Email': '[email protected]' })).toMatchObject({ type: 'VisitorIdentified', lead: { email: null, linkedinUrl: 'https://www.linkedin.com/in/ada/' } });
    expect(first({ ...rb2bCompany, 'Business Email': 'not an address' })?.type).toBe('Ignored');
  });

  it('marks a repeat visit as a signal of the same person', () => {
    expect(first({ ...rb2bPerson, is_repeat_visit: true })).toMatchObject({ lead: { signals: { repeat_visit: true } } });
    expect(first({ ...rb2bPerson, is_repeat_visit: 'false' })).toMatchObject({ lead: { signals: { repeat_visit: false } } });
  });

  it('gives a redelivery the same id and a repeat visit another', () => {
    const id = (v: object) => first(v)?.eventId;
    expect(id(rb2bPerson)).toBe(id({ ...rb2bPerson }));
    expect(id(rb2bPerson)).not.toBe(id({ ...rb2bPerson, 'Seen At': '2025-03-02T12:34:56.000+00:00' }));
    expect(id(rb2bPerson)).not.toBe(id({ ...rb2bPerson, 'Captured URL': 'https://ourapp.com/docs' }));
  });
});
