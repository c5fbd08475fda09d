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

  it('ignores an event naming no lead, and refuses other shapes', () => {
    expect(first({ ...heyreachCamel, leadProfile: { firstName: 'Ada' } })?.type).toBe('Ignored');
    expect(parse({ hello: 'world' }).isErr()).toBe(true);
    expect(parse({ eventType: 'MESSAGE_SENT' }).isErr()).toBe(true);
    expect(parse({ ...heyreachSnake, lead: 'ada' }).isErr()).toBe(true);
  });

  it('dedups on event type, lead URL and message id (or timestamp without one)', () => {
    const id = (e: object) => first(e)?.eventId;
    expect(id(heyreachSnake)).toBe(id(structuredClone(heyreachSnake)));
    expect(id(heyreachSnake)).toBe(id({ ...heyreachSnake, timestamp: '2025-03-02T09:00:05Z' }));
    expect(id(heyreachSnake)).not.toBe(id({ ...heyreachSnake, message: { id: 'm_2', text: 'x' } }));
    expect(id(heyreachCamel)).not.toBe(id({ ...heyreachCamel, timestamp: '2025-03-01T10:00:01Z' }));
    expect(id(heyreachCamel)).not.toBe(id({ ...heyreachCamel, leadProfile: { linkedInUrl: 'https://www.linkedin.com/in/grace/' } }));
    // The same occurrence in either casing is one event.
    const camelReply = { eventType: 'MESSAGE_REPLY_RECEIVED', timestamp: heyreachSnake.timestamp, leadProfile: { linkedInUrl: URL }, message: { id: 'm_1' } };
    expect(id(camelReply)).toBe(id(heyreachSnake));
  });
});
