import { parseHeyReach } from '@caio/adapters-webhooks';
import { describe, expect, it } from 'vitest';
import { heyreachCamel, heyreachSnake } from './fixtures.js';
import { NOW } from './support.js';

const parse = (body: unknown) => parseHeyReach(body, NOW);
const first = (body: unknown) => parse(body)._unsafeUnwrap()[0];
const URL = 'https://www.linkedin.com/in/ada/';

describe('HeyReach webhooks, both casings', () => {
  it('maps the camelCase fixture', () => {
    expect(parse(heyreachCamel)._unsafeUnwrap()).toEqual([
      { type: 'ConnectionAccepted', eventId: expect.stringMatching(/^heyreach:[0-9a-f]{40}$/), provider: 'heyreach', channel: 'heyreach', campaignId: '123', occurredAt: '2025-03-01T10:00:00.000Z', lead: { linkedinUrl: URL, email: 'ada@acme.com' } },
    ]);
  });

  it('maps the snake_case fixture', () => {
    expect(parse(heyreachSnake)._unsafeUnwrap()).toEqual([
      { type: 'LinkedInReplyReceived', eventId: expect.stringMatching(/^heyreach:/), provider: 'heyreach', channel: 'heyreach', campaignId: '123', messageId: 'm_1', snippet: 'Happy to chat', occurredAt: '2025-03-02T09:00:00.000Z', lead: { linkedinUrl: URL } },
    ]);
  });

  it.each([
    ['MESSAGE_SENT', 'LinkedInMessageSent'],
    ['INMAIL_SENT', 'LinkedInMessageSent'],
    ['MESSAGE_REPLY_RECEIVED', 'LinkedInReplyReceived'],
    ['EVERY_MESSAGE_REPLY_RECEIVED', 'LinkedInReplyReceived'],
    ['INMAIL_REPLY_RECEIVED', 'LinkedInReplyReceived'],
    ['CONNECTION_REQUEST_ACCEPTED', 'ConnectionAccepted'],
    ['CONNECTION_REQUEST_SENT', 'Ignored'],
    ['FOLLOW_SENT', 'Ignored'],
    ['LIKED_POST', 'Ignored'],
    ['VIEWED_PROFILE', 'Ignored'],
    ['CAMPAIGN_COMPLETED', 'Ignored'],
    ['LEAD_TAG_UPDATED', 'Ignored'],
    ['SOMETHING_NEW', 'Ignored'],
  ])('maps %s to %s in both casings', (eventType, type) => {
    expect(first({ ...heyreachCamel, eventType })?.type).toBe(type);
    expect(first({ ...heyreachSnake, event_type: eventType })?.type).toBe(type);
  });

  it('ignores an event naming no lead or no type; errors (to quarantine) only on bodies that are not HeyReach at all', () => {
    expect(first({ ...heyreachCamel, leadProfile: { firstName: 'Ada' } })?.type).toBe('Ignored');
    expect(first({ eventType: 'MESSAGE_SENT' })?.type).toBe('Ignored');
    expect(first({ lead: { profile_url: URL }, timestamp: '2026-01-28T10:00:00Z' })).toMatchObject({ type: 'Ignored', providerType: 'untyped' });
    expect(parse({ hello: 'world' }).isErr()).toBe(true);
    expect(parse({ ...heyreachSnake, lead: 'ada' }).isErr()).toBe(true);
  });

  it('dedups on event type, lead URL and message id (or timestamp without one)', () => {
    const id = (e: object) => first(e)?.eventId;
    const sent = { ...heyreachSnake, event_type: 'MESSAGE_SENT' };
    expect(id(sent)).toBe(id(structuredClone(sent)));
    expect(id(sent)).toBe(id({ ...sent, timestamp: '2025-03-02T09:00:05Z' }));
    expect(id(sent)).not.toBe(id({ ...sent, message: { id: 'm_2', text: 'x' } }));
    expect(id(heyreachCamel)).not.toBe(id({ ...heyreachCamel, timestamp: '2025-03-01T10:00:01Z' }));
    expect(id(heyreachCamel)).not.toBe(id({ ...heyreachCamel, leadProfile: { linkedInUrl: 'https://www.linkedin.com/in/grace/' } }));
    // The same occurrence in either casing is one event.
    const camelReply = { eventType: 'MESSAGE_REPLY_RECEIVED', timestamp: heyreachSnake.timestamp, leadProfile: { linkedInUrl: URL }, message: { id: 'm_1' } };
    expect(id(camelReply)).toBe(id(heyreachSnake));
  });
});

describe('HeyReach deliveries as really sent (snake_case, correlation_id, recent_messages)', () => {
  const real = {
    correlation_id: 'c0ffee-1',
    event_type: 'every_message_reply_received',
    timestamp: '2026-01-28T10:00:05Z',
    is_inmail: false,
    conversation_id: 'test-conv-12345',
    campaign: { id: 456, name: 'LinkedIn Outreach Q1' },
    sender: { id: 789, first_name: 'Sales', full_name: 'Sales Rep' },
    lead: { id: 'lead-abc-123', profile_url: 'https://www.linkedin.com/in/johndoe', full_name: 'John Doe', company_name: 'Acme Corporation', position: 'VP of Engineering' },
    recent_messages: [
      { creation_time: '2026-01-27T09:00:00Z', message: 'Hi John, quick question', is_reply: false },
      { creation_time: '2026-01-28T10:00:00Z', message: 'Sounds good, Tuesday?', is_reply: true },
      { creation_time: '2026-01-27T12:00:00Z', message: 'Who is this?', is_reply: true },
    ],
  };

  it('maps a lower-case reply event, with the snippet from the latest reply in recent_messages', () => {
    expect(parse(real)._unsafeUnwrap()).toEqual([
      { type: 'LinkedInReplyReceived', eventId: expect.stringMatching(/^heyreach:[0-9a-f]{40}$/), provider: 'heyreach', channel: 'heyreach', campaignId: '456', snippet: 'Sounds good, Tuesday?', occurredAt: '2026-01-28T10:00:05.000Z', lead: { linkedinUrl: 'https://www.linkedin.com/in/johndoe', providerId: 'lead-abc-123' } },
    ]);
  });

  it("names the person by HeyReach's lead id too (numbers or text), and maps a reply naming only that id", () => {
    const { profile_url: _profile, ...anonymous } = real.lead;
    expect(first({ ...real, lead: { ...anonymous, id: 987654 } })).toMatchObject({ type: 'LinkedInReplyReceived', lead: { providerId: '987654' } });
    expect(first({ ...real, lead: { ...anonymous, id: null } })?.type).toBe('Ignored');
  });

  it('is one event whether the reply arrives as MESSAGE_REPLY_RECEIVED or EVERY_MESSAGE_REPLY_RECEIVED, on any webhook', () => {
    const every = first(real)?.eventId;
    expect(first({ ...real, event_type: 'message_reply_received', correlation_id: 'c0ffee-2' })?.eventId).toBe(every);
    expect(first({ ...real, event_type: 'MESSAGE_REPLY_RECEIVED', correlation_id: undefined, timestamp: '2026-01-28T10:00:09Z' })?.eventId).toBe(every);
    // A later reply in the same conversation is another event.
    expect(first({ ...real, recent_messages: [...real.recent_messages, { creation_time: '2026-01-29T08:00:00Z', message: 'Also Wednesday', is_reply: true }] })?.eventId).not.toBe(every);
  });

  it('infers a reply from recent_messages when the event type is absent, and ignores an untyped delivery without one', () => {
    const { event_type: _omitted, ...untyped } = real;
    expect(first(untyped)).toMatchObject({ type: 'LinkedInReplyReceived', eventId: first(real)?.eventId, snippet: 'Sounds good, Tuesday?' });
    expect(first({ ...untyped, recent_messages: [real.recent_messages[0]] })).toMatchObject({ type: 'Ignored', providerType: 'untyped', eventId: 'heyreach:c0ffee-1' });
  });

  it("uses HeyReach's correlation_id as the id of other events", () => {
    expect(first({ ...real, event_type: 'connection_request_accepted', recent_messages: [] })).toMatchObject({ type: 'ConnectionAccepted', eventId: 'heyreach:c0ffee-1' });
    expect(first({ ...real, event_type: 'follow_sent' })).toMatchObject({ type: 'Ignored', providerType: 'follow_sent', eventId: 'heyreach:c0ffee-1' });
  });
});
