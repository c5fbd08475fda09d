import type { DomainEvent } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { eventIdFrom } from './event-id.js';
import { instantOr } from './instant-or.js';
import { firstIssue } from './first-issue.js';
import { messageEvent } from './message-event.js';
import { snippet } from './snippet.js';

const text = z.string().nullish();

/**
 * `step` and `variant` identify nothing on their own and arrive as numbers or strings
 * (`"1"`, `"A"`): a numeric string is read as its number (so both forms give one event
 * id), any other scalar is kept as text, and anything else is dropped. Never a reason to
 * refuse an event.
 */
const lenientOrdinal = z.unknown().transform((v): number | string | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  return /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : v.trim().slice(0, 40);
});

/**
 * Instantly's flat webhook payload (providers.md section 2). `timestamp` and the
 * `event_type` key are always sent (`event_type` is null for custom labels); the rest
 * may be absent or null, and extra lead fields are allowed. Instantly disables a
 * webhook after failed deliveries, so only what we need is required.
 */
const instantlyEvent = z.looseObject({
  timestamp: z.string().min(1),
  event_type: z.string().nullable(),
  workspace: text,
  campaign_id: text,
  campaign_name: text,
  lead_email: text,
  // Not in Instantly's documented schema ("lead fields may also appear"); when a delivery
  // carries the lead's id, it names the person as our send's receipt did.
  lead_id: text,
  email_account: text,
  step: lenientOrdinal.optional(),
  variant: lenientOrdinal.optional(),
  email_id: text,
  reply_text_snippet: text,
  reply_text: text,
});

type Mapped = 'EmailSent' | 'EmailOpened' | 'LinkClicked' | 'ReplyReceived' | 'EmailBounced' | 'Unsubscribed' | 'ComplaintReceived' | 'NotInterested';

/**
 * Event types with an effect. Everything else is recorded as `Ignored`:
 * campaign_completed, account_error, lead_interested, lead_neutral, the meeting events, lead_closed,
 * lead_out_of_office, lead_wrong_person, lead_no_show, supersearch_enrichment_completed, custom labels
 * (`null` or any other value) and, on purpose, `auto_reply_received`: an out-of-office
 * or auto-responder must not stop a cadence, so it is audited but has no effect.
 * `spam_complaint` and `do_not_contact` are only reported by integrators.
 */
export const INSTANTLY_EVENT_MAPPING: Readonly<Record<string, Mapped>> = {
  email_sent: 'EmailSent',
  email_opened: 'EmailOpened',
  // Deliveries name a click `link_clicked`; `email_link_clicked` is the subscription name.
  link_clicked: 'LinkClicked',
  email_link_clicked: 'LinkClicked',
  reply_received: 'ReplyReceived',
  email_bounced: 'EmailBounced',
  lead_unsubscribed: 'Unsubscribed',
  spam_complaint: 'ComplaintReceived',
  lead_not_interested: 'NotInterested',
  do_not_contact: 'NotInterested',
};

/**
 * One Instantly delivery as one domain event. Instantly sends no event id, so the id
 * digests what identifies the occurrence: event type, campaign, lead, step, variant,
 * timestamp and e-mail id.
 *
 * @category adapters
 */
export const parseInstantly = (body: unknown, received: Date): Result<readonly DomainEvent[], string> => {
  const parsed = instantlyEvent.safeParse(body);
  if (!parsed.success) return err(`not an Instantly event: ${firstIssue(parsed.error)}`);
  const e = parsed.data;
  const occurredAt = instantOr(e.timestamp, received);
  // The lead id stands in for the address only when there is none, so ids of deliveries naming an address never change.
  const eventId = eventIdFrom('instantly', [e.event_type, e.campaign_id, e.lead_email ?? e.lead_id, e.step, e.variant, e.timestamp, e.email_id]);
  const type = e.event_type && Object.hasOwn(INSTANTLY_EVENT_MAPPING, e.event_type) ? INSTANTLY_EVENT_MAPPING[e.event_type] : undefined;
  const lead = { ...(e.lead_email ? { email: e.lead_email } : {}), ...(e.lead_id ? { providerId: e.lead_id } : {}) };
  if (!type || (!e.lead_email && !e.lead_id)) return ok([{ type: 'Ignored', eventId, provider: 'instantly', occurredAt, providerType: e.event_type ?? 'custom_label', lead }]);
  return ok([
    messageEvent({ type, eventId, provider: 'instantly', occurredAt, channel: 'instantly', lead, campaignId: e.campaign_id, messageId: e.email_id, snippet: snippet(e.reply_text_snippet ?? e.reply_text) }),
  ]);
};
