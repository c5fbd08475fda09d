import { parseEmail, parseLinkedInProfile, parseLeadIdentity, sharesIdentity } from '@caio/core';
import { describe, expect, it } from 'vitest';

describe('e-mail identity', () => {
  it('trims and lower-cases', () => {
    expect(parseEmail('  Ada.Lovelace@ACME.Example ')._unsafeUnwrap()).toBe('ada.lovelace@acme.example');
  });
  it.each(['', '   ', 'ada', 'ada@', '@acme.example', 'ada@acme', 'a da@acme.example', `${'a'.repeat(250)}@acme.example`])('refuses %j', (raw) => {
    expect(parseEmail(raw)._unsafeUnwrapErr()).toMatchObject({ _tag: 'ValidationError', field: 'email' });
  });
});

describe('LinkedIn identity', () => {
  const canonical = 'linkedin.com/in/ada-lovelace';
  it.each([
    'https://www.linkedin.com/in/ada-lovelace/',
    'http://linkedin.com/in/ada-lovelace',
    'linkedin.com/in/ada-lovelace',
    'www.linkedin.com/in/ada-lovelace',
    'https://uk.linkedin.com/in/ada-lovelace',
    'https://de.linkedin.com/in/ada-lovelace/?originalSubdomain=de',
    'https://mobile.linkedin.com/in/ada-lovelace',
    'https://www.linkedin.com/in/ada-lovelace?trk=public_profile_browsemap',
    'https://www.linkedin.com/in/ada-lovelace/#experience',
    'https://www.linkedin.com/in/ada-lovelace/details/experience/',
    'HTTPS://WWW.LINKEDIN.COM/IN/ADA-LOVELACE/',
    '  https://www.linkedin.com/in/Ada-Lovelace  ',
    'https://www.linkedin.com/in/ada%2Dlovelace',
  ])('maps %s to the canonical profile', (raw) => {
    expect(parseLinkedInProfile(raw)._unsafeUnwrap()).toBe(canonical);
  });
  it.each(['https://www.linkedin.com/company/acme/', 'https://www.linkedin.com/in/', 'https://example.com/in/ada', 'ada-lovelace', 'https://www.linkedin.com/in/%E0%A4%A'])('refuses %s', (raw) => {
    expect(parseLinkedInProfile(raw)._unsafeUnwrapErr()).toMatchObject({ _tag: 'ValidationError', field: 'linkedin' });
  });
});

describe('lead identity', () => {
  it('needs an e-mail or a LinkedIn profile', () => {
    expect(parseLeadIdentity({ email: ' ', linkedinUrl: null })._unsafeUnwrapErr().field).toBe('identity');
  });
  it('treats records sharing any key as the same person', () => {
    const a = parseLeadIdentity({ email: 'ADA@acme.example' })._unsafeUnwrap();
    const b = parseLeadIdentity({ email: 'ada@acme.example ', linkedinUrl: 'https://uk.linkedin.com/in/ada' })._unsafeUnwrap();
    const c = parseLeadIdentity({ linkedinUrl: 'linkedin.com/in/ADA/' })._unsafeUnwrap();
    const d = parseLeadIdentity({ email: 'grace@acme.example' })._unsafeUnwrap();
    expect([sharesIdentity(a, b), sharesIdentity(b, c), sharesIdentity(a, c), sharesIdentity(a, d)]).toEqual([true, true, false, false]);
  });
});
