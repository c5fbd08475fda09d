import type { DomainEvent } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { eventIdFrom } from './event-id.js';
import { firstIssue } from './first-issue.js';
import { instantOr } from './instant-or.js';
import { messageEvent } from './message-event.js';
import { snippet } from './snippet.js';

const id = z.union([z.string(), z.number()]).transform(String);
const text = z.string().nullish();
const campaign = z.looseObject({ id: id.nullish(), name: text }).nullish();
const message = z.looseObject({ id: id.nullish(), text }).nullish();

// HeyReach's payload shape is unconfirmed (providers.md section 3): both casings that
// integrators report are accepted, and nothing else.
const camel = z.looseObject({
  eventType: z.string().min(1),
  timestamp: text,
  campaign,
  leadProfile: z.looseObject({ emailAddress: text, linkedInUrl: text, profileUrl: text }),
  message,
});
const snake = z.looseObject({
  event_type: z.string().min(1),
  timestamp: text,
  campaign,
  lead: z.looseObject({ profile_url: text, linkedin_url: text, email: text, email_address: text }),
  message,
});

interface HeyReachEvent {
  readonly eventType: string;
  readonly timestamp: string | null | undefined;
  readonly campaignId: string | null | undefined;
  readonly linkedinUrl: string | null | undefined;
  readonly email: string | null | undefined;
  readonly messageId: string | null | undefined;
  readonly text: string | null | undefined;
}

const normalise = (body: unknown): Result<HeyReachEvent, string> => {
  const c = camel.safeParse(body);
  if (c.success) {
    const d = c.data;
    return ok({ eventType: d.eventType, timestamp: d.timestamp, campaignId: d.campaign?.id, linkedinUrl: d.leadProfile.linkedInUrl ?? d.leadProfile.profileUrl, email: d.leadProfile.emailAddress, messageId: d.message?.id, text: d.message?.text });
  }
  const s = snake.safeParse(body);
  if (s.success) {
    const d = s.data;
    return ok({ eventType: d.event_type, timestamp: d.timestamp, campaignId: d.campaign?.id, linkedinUrl: d.lead.profile_url ?? d.lead.linkedin_url, email: d.lead.email ?? d.lead.email_address, messageId: d.message?.id, text: d.message?.text });
  }
  return err(`not a HeyReach event: camelCase ${firstIssue(c.error)}; snake_case ${firstIssue(s.error)}`);
};

type Mapped = 'LinkedInMessageSent' | 'LinkedInReplyReceived' | 'ConnectionAccepted';

/**
 * The 12 HeyReach event types: these have an effect; CONNECTION_REQUEST_SENT,
 * FOLLOW_SENT, LIKED_POST, VIEWED_PROFILE, CAMPAIGN_COMPLETED and LEAD_TAG_UPDATED (and
 * anything unknown) are recorded as `Ignored`.
 */
export const HEYREACH_EVENT_MAPPING: Readonly<Record<string, Mapped>> = {
  MESSAGE_SENT: 'LinkedInMessageSent',
  INMAIL_SENT: 'LinkedInMessageSent',
  MESSAGE_REPLY_RECEIVED: 'LinkedInReplyReceived',
  EVERY_MESSAGE_REPLY_RECEIVED: 'LinkedInReplyReceived',
  INMAIL_REPLY_RECEIVED: 'LinkedInReplyReceived',
  CONNECTION_REQUEST_ACCEPTED: 'ConnectionAccepted',
};

/**
 * HeyReach events in camelCase (`leadProfile.linkedInUrl`) or snake_case
 * (`lead.profile_url`). HeyReach sends no event id: the id digests the event type, the
 * lead's URL and the message id (or, without one, the timestamp).
 *
 * @category adapters
 */
export const parseHeyReach = (body: unknown, received: Date): Result<readonly DomainEvent[], string> =>
  normalise(body).map((e): readonly DomainEvent[] => {
    const eventType = e.eventType.toUpperCase();
    const occurredAt = instantOr(e.timestamp, received);
    const eventId = eventIdFrom('heyreach', [eventType, e.linkedinUrl, e.messageId ?? e.timestamp]);
    const lead = { ...(e.linkedinUrl ? { linkedinUrl: e.linkedinUrl } : {}), ...(e.email ? { email: e.email } : {}) };
    const type = Object.hasOwn(HEYREACH_EVENT_MAPPING, eventType) ? HEYREACH_EVENT_MAPPING[eventType] : undefined;
    if (!type || (!e.linkedinUrl && !e.email)) return [{ type: 'Ignored', eventId, provider: 'heyreach', occurredAt, providerType: e.eventType, lead }];
    return [messageEvent({ type, eventId, provider: 'heyreach', occurredAt, channel: 'heyreach', lead, campaignId: e.campaignId, messageId: e.messageId, snippet: snippet(e.text) })];
  });
