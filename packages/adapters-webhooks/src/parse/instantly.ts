import type { DomainEvent } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { eventIdFrom } from './event-id.js';

/** Instantly's flat webhook payload (providers.md section 2); extra lead fields are allowed. */
const instantlyEvent = z.looseObject({
  timestamp: z.string().min(1),
  event_type: z.string().nullable(),
  workspace: z.string().optional(),
  campaign_id: z.string().min(1),
  campaign_name: z.string().optional(),
  lead_email: z.string().optional(),
  email_account: z.string().optional(),
  step: z.number().int().optional(),
  variant: z.number().int().optional(),
  is_first: z.boolean().optional(),
  email_id: z.string().optional(),
  reply_text_snippet: z.string().optional(),
});

type Mapped = 'EmailSent' | 'EmailOpened' | 'LinkClicked' | 'ReplyReceived' | 'EmailBounced' | 'Unsubscribed' | 'ComplaintReceived' | 'NotInterested';

/**
 * Event types with an effect. Everything else (campaign_completed, lead_interested,
 * meeting events, custom labels, `null`) is recorded as `Ignored`. `auto_reply_received`
 * is ignored on purpose: an out-of-office reply must not stop a cadence.
 */
const MAPPING: Readonly<Record<string, Mapped>> = {
  email_sent: 'EmailSent',
  email_opened: 'EmailOpened',
  email_link_clicked: 'LinkClicked',
  reply_received: 'ReplyReceived',
  email_bounced: 'EmailBounced',
  lead_unsubscribed: 'Unsubscribed',
  spam_complaint: 'ComplaintReceived',
  lead_not_interested: 'NotInterested',
  do_not_contact: 'NotInterested',
};

/** @category adapters */
export const parseInstantly = (body: unknown): Result<readonly DomainEvent[], string> => {
  const parsed = instantlyEvent.safeParse(body);
  if (!parsed.success) return err(`not an Instantly event: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  const e = parsed.data;
  const occurredAt = Number.isNaN(Date.parse(e.timestamp)) ? new Date().toISOString() : new Date(e.timestamp).toISOString();
  const eventId = eventIdFrom('instantly', [e.event_type, e.campaign_id, e.lead_email, e.step, e.variant, e.timestamp, e.email_id]);
  const type = e.event_type ? MAPPING[e.event_type] : undefined;
  const lead = e.lead_email ? { email: e.lead_email } : {};
  if (!type || !e.lead_email) {
    return ok([{ type: 'Ignored', eventId, provider: 'instantly', occurredAt, providerType: e.event_type ?? 'custom', lead }]);
  }
  return ok([
    {
      type,
      eventId,
      provider: 'instantly',
      occurredAt,
      channel: 'instantly',
      campaignId: e.campaign_id,
      lead,
      ...(e.email_id ? { messageId: e.email_id } : {}),
      ...(type === 'ReplyReceived' && e.reply_text_snippet ? { snippet: e.reply_text_snippet } : {}),
    } as DomainEvent,
  ]);
};
