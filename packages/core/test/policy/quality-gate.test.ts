import { DEFAULT_QUALITY_CONFIG, normalisePersonalization, runQualityGate, signalsToProse, type Channel } from '@caio/core';
import { describe, expect, it } from 'vitest';

const good = {
  channel: 'ghl_email' as Channel,
  subject: 'An idea for Wpromote',
  opener: 'Noticed Wpromote already uses 6sense and Adobe, which usually makes implementation move faster.',
  body: 'Hi Ada, noticed Wpromote already uses 6sense and Adobe, which usually makes implementation move faster. Worth a short call?',
};
const checks = (draft: Partial<typeof good>) => runQualityGate({ ...good, ...draft }, DEFAULT_QUALITY_CONFIG).hits.map((h) => `${h.check}:${h.field}`);

describe('quality gate', () => {
  it('passes a clean card', () => {
    expect(runQualityGate(good, DEFAULT_QUALITY_CONFIG)).toEqual({ passed: true, hits: [] });
  });

  it.each([
    ['I hope this finds you well. Quick note about Acme.', 'weak_opener:opener'],
    ['Just checking in on Acme.', 'weak_opener:opener'],
    ["Noticed Acme already uses {'6sense': 1}.", 'raw_data_literal:opener'],
    ["Noticed Acme already uses ['6sense', 'Adobe'].", 'raw_data_literal:opener'],
    ['Noticed Acme already uses ["6sense"].', 'raw_data_literal:opener'],
    ['Hi {{first_name}}, noticed Acme uses 6sense.', 'unresolved_placeholder:opener'],
    ['Hi {first_name}, noticed Acme uses 6sense.', 'unresolved_placeholder:opener'],
    ['Hi [FIRST NAME], noticed Acme uses 6sense.', 'unresolved_placeholder:opener'],
    ['Hi %FIRSTNAME%, noticed Acme uses 6sense.', 'unresolved_placeholder:opener'],
    ['Hi, noticed <company> uses 6sense.', 'unresolved_placeholder:opener'],
  ])('flags the opener %j', (opener, hit) => {
    expect(checks({ opener })).toContain(hit);
  });

  it.each([
    'Noticed Acme [a B2B platform] already uses 6sense and Adobe.',
    'Saw your talk (the one on pricing) and the {brief} aside: great point.'.replace('{brief}', 'brief'),
    'Noticed Acme already uses 6sense and Adobe; 3 of 4 peers do too.',
    'Quickly: noticed Acme uses 6sense and Adobe.',
  ])('does not flag ordinary prose %j', (opener) => {
    expect(checks({ opener, body: `${opener} That usually makes implementation faster. Worth a call?` })).toEqual([]);
  });

  it('flags a weak opener at the start of the body, after the greeting', () => {
    expect(checks({ body: 'Hi Ada, I wanted to reach out about Acme and the 6sense rollout you are running.' })).toContain('weak_opener:body');
  });

  it('needs a subject on e-mail channels but not on LinkedIn', () => {
    expect(checks({ subject: '  ' })).toEqual(['empty_subject:subject']);
    expect(checks({ channel: 'heyreach', subject: '' })).toEqual([]);
  });

  it('enforces length limits', () => {
    expect(checks({ body: 'Too short.' })).toEqual(['too_short:body']);
    expect(checks({ body: `${good.body} ${'More words here. '.repeat(80)}` })).toEqual(['too_long:body']);
    expect(checks({ subject: 'S'.repeat(81) })).toEqual(['too_long:subject']);
  });

  it('uses configured phrase lists', () => {
    const config = { ...DEFAULT_QUALITY_CONFIG, weakOpenerPhrases: ['noticed'] };
    expect(runQualityGate(good, config).hits.map((h) => h.check)).toContain('weak_opener');
  });
});

describe('personalisation normalisation', () => {
  it('writes lists as prose', () => {
    expect([signalsToProse([]), signalsToProse(['6sense']), signalsToProse(['6sense', 'Adobe']), signalsToProse(['6sense', 'Adobe', 'Marketo'])]).toEqual(['', '6sense', '6sense and Adobe', '6sense, Adobe and Marketo']);
  });
  it.each([
    ["['6sense', 'Adobe']", '6sense and Adobe'],
    ['["6sense","Adobe","Marketo"]', '6sense, Adobe and Marketo'],
    ["{'tech': ['6sense', 'Adobe']}", '6sense and Adobe'],
    [['6sense', 'Adobe'], '6sense and Adobe'],
    ['  already   uses\n6sense ', 'already uses 6sense'],
    ['[not a literal', '[not a literal'],
  ])('turns %j into %j', (raw, prose) => {
    expect(normalisePersonalization(raw)).toBe(prose);
  });
});
