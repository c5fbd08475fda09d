import { DEFAULT_CLAY_MAPPING, parseClay, type ClayOptions } from '@caio/adapters-webhooks';
import { createLead, type LeadId } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { clayRow } from './fixtures.js';
import { NOW } from './support.js';

const options: ClayOptions = { mapping: DEFAULT_CLAY_MAPPING, defaultSourceLabel: 'clay-inbound', defaultTier: 'tier_2' };
const parse = (body: unknown, o: ClayOptions = options) => parseClay(body, o, NOW);

describe('Clay rows', () => {
  it('maps the example row through the default columns into a valid lead', () => {
    const [event] = parse(clayRow)._unsafeUnwrap();
    expect(event).toEqual({
      type: 'LeadEnriched',
      eventId: expect.stringMatching(/^clay:[0-9a-f]{40}$/),
      provider: 'clay',
      occurredAt: NOW.toISOString(),
      lead: {
        email: 'ada@acme.com',
        linkedinUrl: 'https://www.linkedin.com/in/ada/',
        source: 'clay',
        sourceLabel: 'clay-inbound',
        tier: 'tier_2',
        firstName: 'Ada',
        lastName: 'Lovelace',
        title: 'CTO',
        company: 'Acme',
        companyDomain: 'acme.com',
        timezone: null,
        signals: { industry: 'Software', employee_count: 120, personalization: 'Saw your post on…' },
      },
    });
    expect(event?.type === 'LeadEnriched' && createLead('lead-1' as LeadId, event.lead, NOW.toISOString()).isOk()).toBe(true);
  });

  it('tolerates null and extra columns, and keeps only flat signal values', () => {
    const [event] = parse({ ...clayRow, title: null, industry: null, personalization: { nested: true }, surprise: [1, { a: 2 }], tech_stack: ['ts', 'go'] })._unsafeUnwrap();
    expect(event).toMatchObject({ lead: { title: null, signals: { employee_count: 120, tech_stack: ['ts', 'go'] } } });
    expect(event?.type === 'LeadEnriched' && Object.keys(event.lead.signals ?? {})).toEqual(['employee_count', 'tech_stack']);
  });

  it('accepts an array of rows, and an identity by LinkedIn URL alone', () => {
    const events = parse([clayRow, { ...clayRow, email: null, linkedin_url: 'https://www.linkedin.com/in/grace/' }])._unsafeUnwrap();
    expect(events.map((e) => e.type === 'LeadEnriched' && [e.lead.email, e.lead.linkedinUrl])).toEqual([
      ['ada@acme.com', 'https://www.linkedin.com/in/ada/'],
      [null, 'https://www.linkedin.com/in/grace/'],
    ]);
  });

  it('uses a configured mapping, a tier column and a source label column', () => {
    const mapping = { ...DEFAULT_CLAY_MAPPING, email: 'Work Email', tier: 'ICP Tier', sourceLabel: 'List' };
    const event = (row: object) => parse(row, { ...options, mapping })._unsafeUnwrap()[0];
    expect(event({ 'Work Email': 'ada@acme.com', 'ICP Tier': '1', List: 'webinar-q1' })).toMatchObject({ lead: { email: 'ada@acme.com', tier: 'tier_1', sourceLabel: 'webinar-q1' } });
    expect(event({ 'Work Email': 'ada@acme.com', 'ICP Tier': 'Tier 3' })).toMatchObject({ lead: { tier: 'tier_3', sourceLabel: 'clay-inbound' } });
    expect(event({ 'Work Email': 'ada@acme.com', 'ICP Tier': 'gold' })).toMatchObject({ lead: { tier: 'tier_2' } });
    expect(event({ 'Work Email': 'ada@acme.com', 'ICP Tier': 3 })).toMatchObject({ lead: { tier: 'tier_3' } });
  });

  it('records a company-only row, or one whose person columns hold no usable value, as Ignored instead of refusing it', () => {
    expect(parse({ company_name: 'Acme', company_domain: 'acme.com' })._unsafeUnwrap()).toEqual([
      { type: 'Ignored', eventId: expect.stringMatching(/^clay:[0-9a-f]{40}$/), provider: 'clay', occurredAt: NOW.toISOString(), providerType: 'row_without_person' },
    ]);
    expect(parse([clayRow, { email: '  ' }])._unsafeUnwrap().map((e) => e.type)).toEqual(['LeadEnriched', 'Ignored']);
    // Clay's own documentation example, as its stored page shows it (the address obfuscated).
    expect(parse({ email: '[email protected]', name: 'Sam' })._unsafeUnwrap().map((e) => e.type)).toEqual(['Ignored']);
  });

  it('never makes an identity key of a malformed e-mail or LinkedIn value', () => {
    const [event] = parse({ ...clayRow, email: 'ada at acme' })._unsafeUnwrap();
    expect(event).toMatchObject({ type: 'LeadEnriched', lead: { email: null, linkedinUrl: 'https://www.linkedin.com/in/ada/' } });
    expect(parse({ ...clayRow, email: 'not-an-email', linkedin_url: 'https://example.com/ada' })._unsafeUnwrap()[0]?.type).toBe('Ignored');
  });

  it('accepts rows wrapped as {rows: [...]}', () => {
    const events = parse({ rows: [clayRow, { ...clayRow, email: 'grace@acme.com', linkedin_url: null }] })._unsafeUnwrap();
    expect(events.map((e) => e.type === 'LeadEnriched' && e.lead.email)).toEqual(['ada@acme.com', 'grace@acme.com']);
    expect(events.map((e) => e.eventId)).toEqual(parse([clayRow, { ...clayRow, email: 'grace@acme.com', linkedin_url: null }])._unsafeUnwrap().map((e) => e.eventId));
  });

  it('answers an error (the caller quarantines) for non-objects, empty and oversized lists', () => {
    expect(parse('ada@acme.com').isErr()).toBe(true);
    expect(parse([]).isErr()).toBe(true);
    expect(parse({ rows: [] })._unsafeUnwrap().map((e) => e.type)).toEqual(['Ignored']); // no rows to unwrap: one row without a person
    expect(parse([clayRow, 'x']).isErr()).toBe(true);
    expect(parse(Array.from({ length: 1001 }, () => clayRow)).isErr()).toBe(true);
  });

  it('gives a re-run of the same row the same id, whatever the key order, and a changed row another', () => {
    const id = (row: object) => parse(row)._unsafeUnwrap()[0]?.eventId;
    const reversed = Object.fromEntries(Object.entries(clayRow).reverse());
    expect(id(clayRow)).toBe(id(reversed));
    expect(parseClay(clayRow, options, new Date(0))._unsafeUnwrap()[0]?.eventId).toBe(id(clayRow));
    expect(id(clayRow)).not.toBe(id({ ...clayRow, title: 'CEO' }));
    expect(id(clayRow)).not.toBe(id({ ...clayRow, email: 'grace@acme.com' }));
  });
});
