import { createLead, keepFuller, leadKeys, mergeLead, parseIdentityKey, planLeadMerge, type LeadId, type LeadInput } from '@caio/core';
import { describe, expect, it } from 'vitest';

const lead = (id: string, input: Partial<LeadInput>, at: string) =>
  createLead(id as LeadId, { source: 'import', sourceLabel: 'acme', tier: 'tier_2', ...input }, at)._unsafeUnwrap();

describe('identity keys', () => {
  it.each([
    ['email: Zed@Zeta.example ', 'email:zed@zeta.example'],
    ['Zed@Zeta.example', 'email:zed@zeta.example'],
    ['linkedin:https://uk.linkedin.com/in/Zed-Zeta/?trk=x', 'linkedin:linkedin.com/in/zed-zeta'],
    ['https://www.linkedin.com/in/zed-zeta/', 'linkedin:linkedin.com/in/zed-zeta'],
    ['heyreach:https://www.linkedin.com/in/zed-zeta', 'linkedin:linkedin.com/in/zed-zeta'],
    ['heyreach: 12345 ', 'heyreach:12345'],
    ['ghl:aBc123XyZ', 'ghl:aBc123XyZ'],
    ['instantly:0F8FAD5B-D9CB-469F-A165-70867728950E', 'instantly:0f8fad5b-d9cb-469f-a165-70867728950e'],
  ])('normalises %j to %s', (raw, key) => {
    expect(parseIdentityKey(raw)._unsafeUnwrap()).toBe(key);
  });

  it.each([
    ['phone:+4412345', 'unknown key format'],
    ['ghl:has space', 'is not a ghl id'],
    ['instantly:12', 'UUID'],
    ['heyreach:abc', 'digits'],
    ['email:nope', 'not an e-mail'],
  ])('refuses %j naming the problem', (raw, message) => {
    expect(parseIdentityKey(raw)._unsafeUnwrapErr().message).toContain(message);
  });

  it('refuses a lead whose extra key is malformed, naming it', () => {
    const result = createLead('l1' as LeadId, { source: 'import', sourceLabel: 'a', tier: 'tier_1', email: 'a@b.example', keys: ['fax:1'] }, '2026-01-01T00:00:00.000Z');
    expect(result._unsafeUnwrapErr().message).toContain('"fax:1"');
  });
});

describe('field merge', () => {
  it.each([
    ['Doe', 'D.', 'stored'],
    ['Doe', undefined, 'stored'],
    [undefined, 'Doe', 'incoming'],
    ['D.', 'Doe', 'incoming'],
    ['Acme', 'Acme Corporation', 'incoming'],
    ['CTO', 'CEO', 'incoming'],
    ['Doe', 'doe', 'stored'],
  ] as const)('keeps the fuller of %j and %j', (stored, incoming, kept) => {
    expect(keepFuller(stored, incoming)).toBe(kept);
  });

  it('never lets a sparser newer row overwrite a fuller value, and records where each value came from', () => {
    const stored = lead('l1', { email: 'zed@zeta.example', lastName: 'Doe', title: 'CTO', source: 'clay' }, '2026-01-01T00:00:00.000Z');
    const incoming = lead('l2', { linkedinUrl: 'linkedin.com/in/zed', lastName: 'D.', title: 'CEO', source: 'rb2b' }, '2026-02-01T00:00:00.000Z');
    const merged = mergeLead(stored, incoming, '2026-02-01T00:00:00.000Z');
    expect(merged).toMatchObject({ id: 'l1', lastName: 'Doe', title: 'CEO', version: 2 });
    expect(merged.provenance).toMatchObject({ lastName: { source: 'clay', at: '2026-01-01T00:00:00.000Z' }, title: { source: 'rb2b', at: '2026-02-01T00:00:00.000Z' } });
    expect(leadKeys(merged)).toEqual(['email:zed@zeta.example', 'linkedin:linkedin.com/in/zed']);
  });
});

describe('planning a merge', () => {
  const email = lead('lead_b', { email: 'zed@zeta.example' }, '2026-01-02T00:00:00.000Z');
  const linkedin = lead('lead_a', { linkedinUrl: 'linkedin.com/in/zed' }, '2026-01-03T00:00:00.000Z');
  const row = lead('lead_new', { email: 'zed@zeta.example', linkedinUrl: 'linkedin.com/in/zed', firstName: 'Zed' }, '2026-01-04T00:00:00.000Z');

  it('makes the oldest lead the survivor, whatever order the leads were found in', () => {
    for (const found of [[email, linkedin], [linkedin, email]]) {
      const plan = planLeadMerge(row, found, '2026-01-04T00:00:00.000Z');
      expect(plan.lead.id).toBe('lead_b');
      expect(plan.expectedVersion).toBe(1);
      expect(plan.absorbed.map((l) => l.id)).toEqual(['lead_a']);
      expect(leadKeys(plan.lead)).toEqual(['email:zed@zeta.example', 'linkedin:linkedin.com/in/zed']);
      expect(plan.lead).toMatchObject({ firstName: 'Zed', version: 2 });
    }
  });

  it('breaks a tie on age by id', () => {
    const twin = { ...linkedin, createdAt: email.createdAt };
    expect(planLeadMerge(row, [email, twin], '2026-01-04T00:00:00.000Z').lead.id).toBe('lead_a');
  });

  it('creates the record as it is when nobody shares a key', () => {
    expect(planLeadMerge(row, [], '2026-01-04T00:00:00.000Z')).toMatchObject({ lead: row, expectedVersion: null, absorbed: [] });
  });

  it('keeps a second e-mail for the same LinkedIn profile as a key and reports the conflict', () => {
    const both = lead('lead_c', { email: 'zed@zeta.example', linkedinUrl: 'linkedin.com/in/zed' }, '2026-01-01T00:00:00.000Z');
    const other = lead('lead_new', { email: 'zed@other.example', linkedinUrl: 'linkedin.com/in/zed' }, '2026-01-05T00:00:00.000Z');
    const plan = planLeadMerge(other, [both], '2026-01-05T00:00:00.000Z');
    expect(leadKeys(plan.lead)).toEqual(['email:zed@other.example', 'email:zed@zeta.example', 'linkedin:linkedin.com/in/zed']);
    expect(plan.lead.identity.email).toBe('zed@zeta.example');
    expect(plan.conflicts).toEqual([{ leadId: 'lead_c', linkedin: 'linkedin:linkedin.com/in/zed', emails: ['email:zed@other.example', 'email:zed@zeta.example'] }]);
  });
});
