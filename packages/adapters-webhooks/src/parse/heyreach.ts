import type { DomainEvent } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { eventIdFrom } from './event-id.js';

const id = z.union([z.string(), z.number()]).transform(String);

// HeyReach's payload shape is unconfirmed: both casings integrators report are accepted.
const camel = z.looseObject({
  eventType: z.string().min(1),
  timestamp: z.string().optional(),
  campaign: z.looseObject({ id: id.optional(), name: z.string().optional() }).optional(),
  leadProfile: z.looseObject({ firstName: z.string().nullish(), lastName: z.string().nullish(), emailAddress: z.string().nullish(), linkedInUrl: z.string().nullish(), profileUrl: z.string().nullish() }),
  message: z.looseObject({ id: id.optional(), text: z.string().optional() }).optional(),
});
const snake = z.looseObject({
  event_type: z.string().min(1),
  timestamp: z.string().optional(),
  campaign: z.looseObject({ id: id.optional(), name: z.string().optional() }).optional(),
  lead: z.looseObject({ profile_url: z.string().nullish(), linkedin_url: z.string().nullish(), first_name: z.string().nullish(), last_name: z.string().nullish(), email: z.string().nullish(), email_address: z.string().nullish() }),
  message: z.looseObject({ id: id.optional(), text: z.string().optional() }).optional(),
  conversation_id: z.string().optional(),
});

interface Normalised {
  readonly eventType: string;
  readonly timestamp?: string;
  readonly campaignId?: string;
  readonly linkedinUrl?: string;
  readonly email?: string;
  readonly messageId?: string;
  readonly text?: string;
}

const normalise = (body: unknown): Normalised | null => {
  const c = camel.safeParse(body);
  if (c.success) {
    const d = c.data;
    const url = d.leadProfile.linkedInUrl ?? d.leadProfile.profileUrl;
    return { eventType: d.eventType, ...(d.timestamp ? { timestamp: d.timestamp } : {}), ...(d.campaign?.id ? { campaignId: d.campaign.id } : {}), ...(url ? { linkedinUrl: url } : {}), ...(d.leadProfile.emailAddress ? { email: d.leadProfile.emailAddress } : {}), ...(d.message?.id ? { messageId: d.message.id } : {}), ...(d.message?.text ? { text: d.message.text } : {}) };
  }
  const s = snake.safeParse(body);
  if (s.success) {
    const d = s.data;
    const url = d.lead.profile_url ?? d.lead.linkedin_url;
    const email = d.lead.email ?? d.lead.email_address;
    return { eventType: d.event_type, ...(d.timestamp ? { timestamp: d.timestamp } : {}), ...(d.campaign?.id ? { campaignId: d.campaign.id } : {}), ...(url ? { linkedinUrl: url } : {}), ...(email ? { email } : {}), ...(d.message?.id ? { messageId: d.message.id } : {}), ...(d.message?.text ? { text: d.message.text } : {}) };
  }
  return null;
};

const MAPPING: Readonly<Record<string, 'LinkedInMessageSent' | 'LinkedInReplyReceived' | 'ConnectionAccepted'>> = {
  MESSAGE_SENT: 'LinkedInMessageSent',
  INMAIL_SENT: 'LinkedInMessageSent',
  MESSAGE_REPLY_RECEIVED: 'LinkedInReplyReceived',
  EVERY_MESSAGE_REPLY_RECEIVED: 'LinkedInReplyReceived',
  INMAIL_REPLY_RECEIVED: 'LinkedInReplyReceived',
  CONNECTION_REQUEST_ACCEPTED: 'ConnectionAccepted',
};

/** HeyReach events in camelCase or snake_case; the id digests type, lead URL and message id or time. @category adapters */
export const parseHeyReach = (body: unknown): Result<readonly DomainEvent[], string> => {
  const e = normalise(body);
  if (!e) return err('not a HeyReach event (neither camelCase nor snake_case shape)');
  const occurredAt = e.timestamp && !Number.isNaN(Date.parse(e.timestamp)) ? new Date(e.timestamp).toISOString() : new Date().toISOString();
  const eventId = eventIdFrom('heyreach', [e.eventType, e.linkedinUrl, e.messageId ?? e.timestamp]);
  const lead = { ...(e.linkedinUrl ? { linkedinUrl: e.linkedinUrl } : {}), ...(e.email ? { email: e.email } : {}) };
  const type = MAPPING[e.eventType.toUpperCase()];
  if (!type || (!e.linkedinUrl && !e.email)) return ok([{ type: 'Ignored', eventId, provider: 'heyreach', occurredAt, providerType: e.eventType, lead }]);
  return ok([
    {
      type,
      eventId,
      provider: 'heyreach',
      occurredAt,
      channel: 'heyreach',
      lead,
      ...(e.campaignId ? { campaignId: e.campaignId } : {}),
      ...(e.messageId ? { messageId: e.messageId } : {}),
      ...(type === 'LinkedInReplyReceived' && e.text ? { snippet: e.text.slice(0, 280) } : {}),
    } as DomainEvent,
  ]);
};
