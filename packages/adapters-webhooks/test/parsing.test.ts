import { DEFAULT_CLAY_MAPPING, lenientSeenAt, parseClay, parseGhl, parseHeyReach, parseInstantly, parseJsonSafely, parseRb2b } from '@caio/adapters-webhooks';
import { describe, expect, it } from 'vitest';

// Fixtures from providers.md section 6.
const instantlySent = {"timestamp":"2025-03-01T10:00:00.000Z","event_type":"email_sent","workspace":"wsp-uuid","campaign_id":"cmp-uuid","campaign_name":"Q1","lead_email":"ada@acme.com","email_account":"rep@send.example.com","step":1,"variant":1,"is_first":true,"email_id":"eml-uuid","email_subject":"Quick question","email_text":"Hi Ada…","email_html":"<p>Hi Ada…</p>"};
const instantlyReply = {"timestamp":"2025-03-02T09:12:00.000Z","event_type":"reply_received","workspace":"wsp-uuid","campaign_id":"cmp-uuid","campaign_name":"Q1","lead_email":"ada@acme.com","email_account":"rep@send.example.com","unibox_url":"https://app.instantly.ai/…","step":1,"variant":1,"email_id":"eml-uuid","reply_subject":"Re: Quick question","reply_text_snippet":"Sounds good","reply_text":"Sounds good, Tuesday?","reply_html":"<p>Sounds good…</p>"};
const heyreachCamel = {"eventType":"CONNECTION_REQUEST_ACCEPTED","timestamp":"2025-03-01T10:00:00Z","campaign":{"id":123,"name":"LI Q1"},"leadProfile":{"firstName":"Ada","lastName":"Lovelace","emailAddress":"ada@acme.com","linkedInUrl":"https://www.linkedin.com/in/ada/"}};
const heyreachSnake = {"event_type":"MESSAGE_REPLY_RECEIVED","timestamp":"2025-03-02T09:00:00Z","campaign":{"id":123,"name":"LI Q1"},"lead":{"profile_url":"https://www.linkedin.com/in/ada/","first_name":"Ada","last_name":"Lovelace","company_name":"Acme"},"message":{"id":"m_1","text":"Happy to chat"},"conversation_id":"2-abc"};
const clayRow = {"first_name":"Ada","last_name":"Lovelace","email":"ada@acme.com","title":"CTO","linkedin_url":"https://www.linkedin.com/in/ada/","company_name":"Acme","company_domain":"acme.com","industry":"Software","employee_count":120,"personalization":"Saw your post on…"};
const rb2bPerson = {"LinkedIn URL":"https://www.linkedin.com/in/ada/","First Name":"Ada","Last Name":"Lovelace","Title":"CTO","Company Name":"Acme","Business Email":"ada@acme.com","Website":"https://acme.com","Industry":"Software","Employee Count":120,"Estimate Revenue":"$22M rev","City":"Austin","State":"Texas","Zipcode":"73301","Seen At":"2025-03-01T12:34:56.000+00:00","Referrer":"https://google.com","Captured URL":"https://ourapp.com/pricing","Tags":"Hot Pages, Hot Leads"};
const rb2bCompany = {"LinkedIn URL":"https://www.linkedin.com/company/acme/","First Name":null,"Last Name":null,"Title":null,"Company Name":"Acme","Business Email":null,"Website":"https://acme.com","Industry":null,"Employee Count":"51-200","Estimate Revenue":null,"City":"Austin","State":"Texas","Zipcode":"73301","Seen At":"2024-01-01T12:34:56:00.00+00.00","Referrer":null,"Captured URL":"https://ourapp.com/","Tags":null};

const clayOptions = { mapping: DEFAULT_CLAY_MAPPING, defaultSourceLabel: 'clay', defaultTier: 'tier_2' as const };
const rb2bOptions = { sourceLabel: 'rb2b', tier: 'tier_2' as const };
const now = new Date('2026-03-02T20:00:00.000Z');

describe('Instantly', () => {
  it('maps email_sent and reply_received with campaign, message id and snippet', () => {
    expect(parseInstantly(instantlySent)._unsafeUnwrap()).toEqual([
      expect.objectContaining({ type: 'EmailSent', provider: 'instantly', channel: 'instantly', campaignId: 'cmp-uuid', messageId: 'eml-uuid', lead: { email: 'ada@acme.com' }, occurredAt: '2025-03-01T10:00:00.000Z' }),
    ]);
    expect(parseInstantly(instantlyReply)._unsafeUnwrap()[0]).toMatchObject({ type: 'ReplyReceived', snippet: 'Sounds good' });
  });
  it.each([
    ['email_opened', 'EmailOpened'],
    ['email_link_clicked', 'LinkClicked'],
    ['email_bounced', 'EmailBounced'],
    ['lead_unsubscribed', 'Unsubscribed'],
    ['lead_not_interested', 'NotInterested'],
    ['spam_complaint', 'ComplaintReceived'],
    ['auto_reply_received', 'Ignored'],
    ['lead_interested', 'Ignored'],
    ['lead_meeting_booked', 'Ignored'],
    ['campaign_completed', 'Ignored'],
    [null, 'Ignored'],
  ])('maps %s to %s', (eventType, type) => {
    expect(parseInstantly({ ...instantlySent, event_type: eventType })._unsafeUnwrap()[0]?.type).toBe(type);
  });
  it('refuses a payload without its required fields', () => {
    expect(parseInstantly({ event_type: 'email_sent' }).isErr()).toBe(true);
    expect(parseInstantly([instantlySent]).isErr()).toBe(true);
  });
  it('gives the same occurrence the same id and another occurrence another id', () => {
    const id = (e: object) => parseInstantly(e)._unsafeUnwrap()[0]?.eventId;
    expect(id(instantlySent)).toBe(id({ ...instantlySent }));
    expect(id(instantlySent)).not.toBe(id({ ...instantlySent, step: 2 }));
    expect(id(instantlySent)).not.toBe(id({ ...instantlySent, event_type: 'email_opened' }));
    expect(id(instantlySent)).toMatch(/^instantly:[0-9a-f]{40}$/);
  });
});

describe('HeyReach, both casings', () => {
  it('maps the camelCase fixture', () => {
    expect(parseHeyReach(heyreachCamel)._unsafeUnwrap()[0]).toMatchObject({ type: 'ConnectionAccepted', channel: 'heyreach', campaignId: '123', lead: { linkedinUrl: 'https://www.linkedin.com/in/ada/', email: 'ada@acme.com' } });
  });
  it('maps the snake_case fixture', () => {
    expect(parseHeyReach(heyreachSnake)._unsafeUnwrap()[0]).toMatchObject({ type: 'LinkedInReplyReceived', messageId: 'm_1', snippet: 'Happy to chat', lead: { linkedinUrl: 'https://www.linkedin.com/in/ada/' } });
  });
  it('ignores event types without an effect and refuses other shapes', () => {
    expect(parseHeyReach({ ...heyreachCamel, eventType: 'VIEWED_PROFILE' })._unsafeUnwrap()[0]?.type).toBe('Ignored');
    expect(parseHeyReach({ hello: 'world' }).isErr()).toBe(true);
  });
  it('dedups on type, lead URL and message id', () => {
    const id = (e: object) => parseHeyReach(e)._unsafeUnwrap()[0]?.eventId;
    expect(id(heyreachSnake)).toBe(id(structuredClone(heyreachSnake)));
    expect(id(heyreachSnake)).not.toBe(id({ ...heyreachSnake, message: { id: 'm_2', text: 'x' } }));
  });
});

describe('Clay', () => {
  it('maps the example row through the default columns', () => {
    expect(parseClay(clayRow, clayOptions)._unsafeUnwrap()[0]).toMatchObject({
      type: 'LeadEnriched',
      provider: 'clay',
      lead: { email: 'ada@acme.com', linkedinUrl: 'https://www.linkedin.com/in/ada/', source: 'clay', sourceLabel: 'clay', tier: 'tier_2', title: 'CTO', company: 'Acme', companyDomain: 'acme.com', signals: { industry: 'Software', employee_count: 120, personalization: 'Saw your post on…' } },
    });
  });
  it('tolerates null and extra columns, accepts arrays, and uses a configured mapping', () => {
    const events = parseClay([{ ...clayRow, title: null, surprise: { nested: true } }, { ...clayRow, email: 'grace@acme.com' }], clayOptions)._unsafeUnwrap();
    expect(events).toHaveLength(2);
    const mapped = parseClay({ 'Work Email': 'ada@acme.com', Tier: '1' }, { ...clayOptions, mapping: { ...DEFAULT_CLAY_MAPPING, email: 'Work Email', tier: 'Tier' } })._unsafeUnwrap();
    expect(mapped[0]).toMatchObject({ lead: { email: 'ada@acme.com', tier: 'tier_1' } });
  });
  it('refuses a row without identity, and is idempotent for an unchanged row', () => {
    expect(parseClay({ first_name: 'Ada' }, clayOptions).isErr()).toBe(true);
    const id = (row: object) => parseClay(row, clayOptions)._unsafeUnwrap()[0]?.eventId;
    expect(id(clayRow)).toBe(id({ ...clayRow }));
    expect(id(clayRow)).not.toBe(id({ ...clayRow, title: 'CEO' }));
  });
});

describe('RB2B', () => {
  it('maps a person visit with Title Case keys, numeric employee count and comma tags', () => {
    expect(parseRb2b(rb2bPerson, rb2bOptions, now)._unsafeUnwrap()[0]).toMatchObject({
      type: 'VisitorIdentified',
      occurredAt: '2025-03-01T12:34:56.000Z',
      pageUrl: 'https://ourapp.com/pricing',
      lead: { linkedinUrl: 'https://www.linkedin.com/in/ada/', email: 'ada@acme.com', source: 'rb2b', companyDomain: 'acme.com', signals: { employee_count: 120, tags: ['Hot Pages', 'Hot Leads'], page_visited: 'https://ourapp.com/pricing' } },
    });
  });
  it('ignores a company-only profile with a string employee count and RB2B\'s malformed date', () => {
    expect(parseRb2b(rb2bCompany, rb2bOptions, now)._unsafeUnwrap()[0]).toMatchObject({ type: 'Ignored', providerType: 'company_only_profile', occurredAt: '2024-01-01T12:34:56.000Z' });
  });
  it('parses Seen At leniently and never throws', () => {
    expect(lenientSeenAt('2024-01-01T12:34:56:00.00+00.00', now)).toBe('2024-01-01T12:34:56.000Z');
    expect(lenientSeenAt('yesterday', now)).toBe(now.toISOString());
    expect(lenientSeenAt(null, now)).toBe(now.toISOString());
  });
});

describe('GHL', () => {
  it('maps e-mail stats and inbound e-mail replies', () => {
    expect(parseGhl({ type: 'LCEmailStats', locationId: 'loc', webhookPayload: { event: 'delivered', recipient: 'ada@acme.com', id: 'msg1' }, webhookId: 'wh_1' }, now, 300)._unsafeUnwrap()[0]).toMatchObject({ type: 'EmailSent', eventId: 'ghl:wh_1', channel: 'ghl_email' });
    expect(parseGhl({ type: 'LCEmailStats', locationId: 'loc', webhookPayload: { event: 'bounced', recipient: 'ada@acme.com' } }, now, 300)._unsafeUnwrap()[0]?.type).toBe('EmailBounced');
    expect(parseGhl({ type: 'InboundMessage', locationId: 'loc', contactId: 'c1', messageId: 'm1', messageType: 'Email', direction: 'inbound', email: 'ada@acme.com' }, now, 300)._unsafeUnwrap()[0]?.type).toBe('ReplyReceived');
    expect(parseGhl({ type: 'InboundMessage', locationId: 'loc', messageType: 'SMS' }, now, 300)._unsafeUnwrap()[0]?.type).toBe('Ignored');
  });
  it('refuses a verified delivery whose signed timestamp is too old (replay)', () => {
    expect(parseGhl({ type: 'LCEmailStats', locationId: 'loc', webhookPayload: { event: 'opened', recipient: 'a@b.co' }, timestamp: '2026-03-02T19:00:00.000Z' }, now, 300)._unsafeUnwrapErr()).toContain('stale');
  });
});

describe('safe JSON', () => {
  it('refuses prototype-poisoning keys anywhere', () => {
    expect(parseJsonSafely(Buffer.from('{"a":{"__proto__":{"x":1}}}')).isErr()).toBe(true);
    expect(parseJsonSafely(Buffer.from('{"constructor":{"prototype":{}}}')).isErr()).toBe(true);
    expect(parseJsonSafely(Buffer.from('{"a":1}'))._unsafeUnwrap()).toEqual({ a: 1 });
    expect(parseJsonSafely(Buffer.from('{"a":')).isErr()).toBe(true);
  });
});
