import { canonicalJson, type DomainEvent, type EventId, type EventLeadRef } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { eventIdFrom, providerEventId } from './event-id.js';
import { firstIssue } from './first-issue.js';
import { instantOr } from './instant-or.js';
import { messageEvent } from './message-event.js';
import { snippet } from './snippet.js';

const text = z.string().nullish();

/** Fields GHL's signed-webhook envelope adds to every event. */
const envelope = { locationId: z.string().min(1), webhookId: text, timestamp: z.union([z.string(), z.number()]).nullish() };

/** InboundMessage / OutboundMessage (GHL marketplace webhooks); the Email variant adds from/to/emailMessageId. */
const ghlMessage = z.looseObject({
  ...envelope,
  type: z.enum(['InboundMessage', 'OutboundMessage']),
  contactId: text,
  conversationId: text,
  messageId: text,
  emailMessageId: text,
  messageType: text,
  direction: text,
  dateAdded: text,
  body: text,
  from: text,
  to: z.union([z.string(), z.array(z.string())]).nullish(),
  // Workflow webhooks can add the contact's address; the marketplace event does not.
  email: text,
});

/** LCEmailStats: the e-mail provider's delivery event about one recipient. */
const statsEvent = z.looseObject({
  ...envelope,
  type: z.literal('LCEmailStats'),
  webhookPayload: z.looseObject({
    event: z.string().min(1),
    recipient: text,
    id: text,
    timestamp: z.number().nullish(),
    severity: text,
    message: z.looseObject({ headers: z.looseObject({ 'message-id': text }).nullish() }).nullish(),
  }),
});

/** ContactDndUpdate: the contact's do-not-disturb settings changed (`dnd`: every channel). */
const dndEvent = z.looseObject({
  ...envelope,
  type: z.literal('ContactDndUpdate'),
  id: text,
  email: text,
  dnd: z.boolean().nullish(),
  dndSettings: z.looseObject({ Email: z.looseObject({ status: text }).nullish() }).nullish(),
  dateAdded: text,
});

/** Any other GHL event (ContactCreate...) is recorded as Ignored rather than refused. */
const otherEvent = z.looseObject({ ...envelope, type: z.string().min(1) });

type StatsType = 'EmailSent' | 'EmailOpened' | 'LinkClicked' | 'EmailBounced' | 'Unsubscribed' | 'ComplaintReceived';

/** `failed` is a bounce only when permanent; a temporary failure will be retried by the mail provider. */
const STATS: Readonly<Record<string, StatsType>> = {
  delivered: 'EmailSent',
  opened: 'EmailOpened',
  clicked: 'LinkClicked',
  bounced: 'EmailBounced',
  failed: 'EmailBounced',
  unsubscribed: 'Unsubscribed',
  complained: 'ComplaintReceived',
};

/** `Ada Lovelace <ada@acme.com>` or `ada@acme.com` to the bare address. */
const addressOf = (value: string | readonly string[] | null | undefined): string | undefined => {
  const first = (Array.isArray(value) ? value[0] : value) as string | undefined;
  const candidate = first ? (/<([^<>\s]+@[^<>\s]+)>/.exec(first)?.[1] ?? first.trim()) : undefined;
  return candidate && /^[^\s@]+@[^\s@]+$/.test(candidate) ? candidate : undefined;
};

const idOf = (webhookId: string | null | undefined, parts: readonly (string | number | boolean | null | undefined)[]): EventId => (webhookId ? providerEventId('ghl', webhookId) : eventIdFrom('ghl', parts));

const fromStats = (s: z.infer<typeof statsEvent>, received: Date): DomainEvent => {
  const p = s.webhookPayload;
  const eventId = idOf(s.webhookId, [s.type, p.event, p.recipient, p.id, p.timestamp]);
  const occurredAt = typeof p.timestamp === 'number' && p.timestamp > 0 && p.timestamp < 1e11 ? new Date(p.timestamp * 1000).toISOString() : received.toISOString();
  const event = p.event.toLowerCase();
  const type = Object.hasOwn(STATS, event) && !(event === 'failed' && p.severity === 'temporary') ? STATS[event] : undefined;
  const email = addressOf(p.recipient);
  if (!type || !email) return { type: 'Ignored', eventId, provider: 'ghl', occurredAt, providerType: `LCEmailStats:${p.event}` };
  return messageEvent({ type, eventId, provider: 'ghl', occurredAt, channel: 'ghl_email', lead: { email }, messageId: p.message?.headers?.['message-id'] });
};

const fromMessage = (m: z.infer<typeof ghlMessage>, received: Date): DomainEvent => {
  const messageId = m.messageId ?? m.emailMessageId;
  const eventId = idOf(m.webhookId, [m.type, messageId, m.conversationId, m.dateAdded]);
  const occurredAt = instantOr(m.dateAdded, received);
  // `Email` (and `TYPE_EMAIL`), never `VoiceMail`.
  const isEmail = /^(?:type_)?email$/i.test(m.messageType ?? '');
  // The contact is the sender of an inbound e-mail and the recipient of an outbound one;
  // GHL always names it by contactId: the key `ghl:<contactId>` our sends gave the person.
  const email = addressOf(m.email) ?? (m.type === 'InboundMessage' ? addressOf(m.from) : addressOf(m.to));
  const lead: EventLeadRef = { ...(email ? { email } : {}), ...(m.contactId ? { providerId: m.contactId } : {}) };
  if (!isEmail || (!email && !m.contactId)) return { type: 'Ignored', eventId, provider: 'ghl', occurredAt, providerType: `${m.type}:${m.messageType ?? 'unknown'}`, lead };
  const type = m.type === 'OutboundMessage' ? 'EmailSent' : 'ReplyReceived';
  return messageEvent({ type, eventId, provider: 'ghl', occurredAt, channel: 'ghl_email', lead, messageId, snippet: snippet(m.body) });
};

/**
 * E-mail DND switched on (`dndSettings.Email.status: active`, or `dnd: true`, which
 * covers every channel) is the contact opting out of e-mail: an unsubscribe, which
 * suppresses. Anything else (DND off, DND on other channels only) is `Ignored`.
 */
const fromDnd = (d: z.infer<typeof dndEvent>, received: Date): DomainEvent => {
  const emailDnd = d.dndSettings?.Email?.status?.toLowerCase() === 'active' || d.dnd === true;
  const eventId = idOf(d.webhookId, [d.type, d.id, emailDnd, canonicalJson(d.dndSettings ?? null), typeof d.timestamp === 'number' ? String(d.timestamp) : d.timestamp]);
  const email = addressOf(d.email);
  const lead: EventLeadRef = { ...(email ? { email } : {}), ...(d.id ? { providerId: d.id } : {}) };
  const occurredAt = instantOr(typeof d.timestamp === 'string' ? d.timestamp : undefined, received);
  if (!emailDnd || (!email && !d.id)) return { type: 'Ignored', eventId, provider: 'ghl', occurredAt, providerType: `ContactDndUpdate:${emailDnd ? 'email_dnd' : 'email_allowed'}`, lead };
  return messageEvent({ type: 'Unsubscribed', eventId, provider: 'ghl', occurredAt, channel: 'ghl_email', lead });
};

/**
 * GHL marketplace events. The contact is named by GHL's `contactId` (the identity key
 * `ghl:<contactId>`, which our sends gave the person) and by address. An inbound e-mail from a contact is a reply on `ghl_email`;
 * an outbound e-mail (or an LCEmailStats `delivered`) reconciles an unknown send; stats
 * `bounced`, permanent `failed`, `unsubscribed` and `complained` suppress, and so does a
 * ContactDndUpdate switching e-mail DND on. Events that
 * name neither an address nor a contact (and SMS, calls) and other event types are `Ignored`.
 * The id is GHL's `webhookId` when present, else a digest. Replays are bounded by the
 * signature check, which reads the signed `timestamp`.
 *
 * @category adapters
 */
export const parseGhl = (body: unknown, received: Date): Result<readonly DomainEvent[], string> => {
  const stats = statsEvent.safeParse(body);
  if (stats.success) return ok([fromStats(stats.data, received)]);
  const message = ghlMessage.safeParse(body);
  if (message.success) return ok([fromMessage(message.data, received)]);
  const dnd = dndEvent.safeParse(body);
  if (dnd.success) return ok([fromDnd(dnd.data, received)]);
  const other = otherEvent.safeParse(body);
  if (!other.success) return err(`not a GHL event: ${firstIssue(other.error)}`);
  const o = other.data;
  if (o.type === 'LCEmailStats') return err(`malformed LCEmailStats: ${firstIssue(stats.error)}`);
  if (o.type === 'InboundMessage' || o.type === 'OutboundMessage') return err(`malformed ${o.type}: ${firstIssue(message.error)}`);
  if (o.type === 'ContactDndUpdate') return err(`malformed ContactDndUpdate: ${firstIssue(dnd.error)}`);
  return ok([{ type: 'Ignored', eventId: idOf(o.webhookId, [o.type, canonicalJson(body)]), provider: 'ghl', occurredAt: received.toISOString(), providerType: o.type }]);
};
