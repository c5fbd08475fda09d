import type { DomainEvent } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { eventIdFrom, providerEventId } from './event-id.js';

const messageEvent = z.looseObject({
  type: z.enum(['InboundMessage', 'OutboundMessage']),
  locationId: z.string(),
  contactId: z.string().optional(),
  conversationId: z.string().optional(),
  messageId: z.string().optional(),
  messageType: z.string().optional(),
  direction: z.string().optional(),
  dateAdded: z.string().optional(),
  email: z.string().optional(),
  timestamp: z.string().optional(),
  webhookId: z.string().optional(),
});

const statsEvent = z.looseObject({
  type: z.literal('LCEmailStats'),
  locationId: z.string(),
  webhookPayload: z.looseObject({ event: z.string(), recipient: z.string().optional(), id: z.string().optional() }),
  timestamp: z.string().optional(),
  webhookId: z.string().optional(),
});

const STATS: Readonly<Record<string, 'EmailSent' | 'EmailOpened' | 'LinkClicked' | 'EmailBounced' | 'Unsubscribed' | 'ComplaintReceived'>> = {
  delivered: 'EmailSent',
  opened: 'EmailOpened',
  clicked: 'LinkClicked',
  bounced: 'EmailBounced',
  failed: 'EmailBounced',
  unsubscribed: 'Unsubscribed',
  complained: 'ComplaintReceived',
};

/** GHL signs `timestamp` into the body: a verified delivery older than the tolerance is a replay. */
const stale = (timestamp: string | undefined, now: Date, toleranceSeconds: number): boolean =>
  timestamp !== undefined && !Number.isNaN(Date.parse(timestamp)) && Math.abs(now.getTime() - Date.parse(timestamp)) / 1000 > toleranceSeconds;

/**
 * GHL inbound/outbound message events and e-mail stats. An inbound e-mail is a reply;
 * an outbound or `delivered` one reconciles an unknown send. GHL message events name a
 * contact id rather than an address: without an `email` field the event is recorded but
 * cannot be matched to a lead.
 *
 * @category adapters
 */
export const parseGhl = (body: unknown, now: Date, toleranceSeconds: number): Result<readonly DomainEvent[], string> => {
  const stats = statsEvent.safeParse(body);
  if (stats.success) {
    const s = stats.data;
    if (stale(s.timestamp, now, toleranceSeconds)) return err('stale timestamp (replay)');
    const eventId = s.webhookId ? providerEventId('ghl', s.webhookId) : eventIdFrom('ghl', [s.type, s.webhookPayload.event, s.webhookPayload.recipient, s.webhookPayload.id, s.timestamp]);
    const occurredAt = s.timestamp && !Number.isNaN(Date.parse(s.timestamp)) ? new Date(s.timestamp).toISOString() : now.toISOString();
    const type = STATS[s.webhookPayload.event.toLowerCase()];
    if (!type || !s.webhookPayload.recipient) return ok([{ type: 'Ignored', eventId, provider: 'ghl', occurredAt, providerType: `LCEmailStats:${s.webhookPayload.event}` }]);
    return ok([{ type, eventId, provider: 'ghl', occurredAt, channel: 'ghl_email', lead: { email: s.webhookPayload.recipient }, ...(s.webhookPayload.id ? { messageId: s.webhookPayload.id } : {}) } as DomainEvent]);
  }
  const message = messageEvent.safeParse(body);
  if (!message.success) return err('not a GHL InboundMessage, OutboundMessage or LCEmailStats event');
  const m = message.data;
  if (stale(m.timestamp, now, toleranceSeconds)) return err('stale timestamp (replay)');
  const eventId = m.webhookId ? providerEventId('ghl', m.webhookId) : eventIdFrom('ghl', [m.type, m.messageId, m.conversationId, m.dateAdded]);
  const occurredAt = m.dateAdded && !Number.isNaN(Date.parse(m.dateAdded)) ? new Date(m.dateAdded).toISOString() : now.toISOString();
  const isEmail = (m.messageType ?? '').toLowerCase().includes('email');
  if (!isEmail || !m.email) return ok([{ type: 'Ignored', eventId, provider: 'ghl', occurredAt, providerType: `${m.type}:${m.messageType ?? 'unknown'}` }]);
  const type = m.type === 'InboundMessage' ? 'ReplyReceived' : 'EmailSent';
  return ok([{ type, eventId, provider: 'ghl', occurredAt, channel: 'ghl_email', lead: { email: m.email }, ...(m.messageId ? { messageId: m.messageId } : {}) } as DomainEvent]);
};
