import type { DomainEvent, EventId } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { eventIdFrom, providerEventId } from './event-id.js';
import { firstIssue } from './first-issue.js';
import { instantOr } from './instant-or.js';
import { messageEvent } from './message-event.js';
import { snippet } from './snippet.js';

const id = z.union([z.string(), z.number()]).transform(String);
const text = z.string().nullish();
const campaign = z.looseObject({ id: id.nullish(), name: text }).nullish();
const message = z.looseObject({ id: id.nullish(), text }).nullish();
const recentMessage = z.looseObject({ creation_time: text, message: text, is_reply: z.boolean().nullish() });

/**
 * HeyReach deliveries as really sent are snake_case (`correlation_id`, lower-case
 * `event_type`, sometimes absent, `lead.profile_url`, `recent_messages[]`); one
 * integrator documents a camelCase shape (`eventType`, `leadProfile.linkedInUrl`,
 * `message{id,text}`). Both are read by one lenient schema: every field optional, so a
 * delivery missing one is still recorded.
 */
const heyreachDelivery = z.looseObject({
  correlation_id: id.nullish(),
  event_type: text,
  eventType: text,
  timestamp: text,
  conversation_id: id.nullish(),
  is_inmail: z.boolean().nullish(),
  campaign,
  lead: z.looseObject({ id: z.union([z.string(), z.number()]).nullish(), profile_url: text, linkedin_url: text, email: text, email_address: text }).nullish(),
  leadProfile: z.looseObject({ emailAddress: text, linkedInUrl: text, profileUrl: text }).nullish(),
  message,
  recent_messages: z.array(recentMessage).max(1000).nullish(),
});

type Delivery = z.infer<typeof heyreachDelivery>;
type RecentMessage = z.infer<typeof recentMessage>;

const KNOWN_KEYS = ['correlation_id', 'event_type', 'eventType', 'lead', 'leadProfile', 'recent_messages', 'conversation_id'] as const;

type Mapped = 'LinkedInMessageSent' | 'LinkedInReplyReceived' | 'ConnectionAccepted';

/**
 * The 12 HeyReach event types (matched case-insensitively): these have an effect;
 * CONNECTION_REQUEST_SENT, FOLLOW_SENT, LIKED_POST, VIEWED_PROFILE, CAMPAIGN_COMPLETED and
 * LEAD_TAG_UPDATED (and anything unknown) are recorded as `Ignored`.
 */
export const HEYREACH_EVENT_MAPPING: Readonly<Record<string, Mapped>> = {
  MESSAGE_SENT: 'LinkedInMessageSent',
  INMAIL_SENT: 'LinkedInMessageSent',
  MESSAGE_REPLY_RECEIVED: 'LinkedInReplyReceived',
  EVERY_MESSAGE_REPLY_RECEIVED: 'LinkedInReplyReceived',
  INMAIL_REPLY_RECEIVED: 'LinkedInReplyReceived',
  CONNECTION_REQUEST_ACCEPTED: 'ConnectionAccepted',
};

/** The latest entry of `recent_messages` that is the lead's reply (by creation time, else by position). */
const latestReply = (messages: readonly RecentMessage[] | null | undefined): RecentMessage | undefined =>
  (messages ?? [])
    .filter((m) => m.is_reply === true)
    .reduce<RecentMessage | undefined>((latest, m) => (!latest || (m.creation_time ?? '') >= (latest.creation_time ?? '') ? m : latest), undefined);

/** The type a delivery names, or, without one, the type its content shows (a reply), or none. */
const eventTypeOf = (d: Delivery): string | undefined => {
  const named = (d.event_type ?? d.eventType)?.trim();
  if (named) return named.toUpperCase();
  return latestReply(d.recent_messages) ? 'MESSAGE_REPLY_RECEIVED' : undefined;
};

/**
 * HeyReach fans one reply out to every active webhook, under MESSAGE_REPLY_RECEIVED and
 * EVERY_MESSAGE_REPLY_RECEIVED alike: a reply's id therefore names the message (its id,
 * else the conversation or lead with the reply's time and text), never the event type.
 * Other events use HeyReach's `correlation_id` when present, else a digest of the type,
 * the lead and the message id or timestamp.
 */
const eventIdOf = (d: Delivery, type: string, mapped: Mapped | undefined, linkedinUrl: string | undefined, reply: RecentMessage | undefined): EventId => {
  const who = linkedinUrl;
  if (mapped === 'LinkedInReplyReceived') {
    if (d.message?.id) return eventIdFrom('heyreach', ['reply', who, d.message.id]);
    if (reply) return eventIdFrom('heyreach', ['reply', d.conversation_id ?? who, reply.creation_time, reply.message]);
  }
  if (d.correlation_id) return providerEventId('heyreach', d.correlation_id);
  return eventIdFrom('heyreach', [type, who, d.message?.id ?? d.timestamp]);
};

/**
 * One HeyReach delivery as one domain event, in either casing. A delivery without an
 * event type is a reply when its `recent_messages` hold one, else `Ignored`; the reply's
 * snippet comes from the latest `recent_messages` entry with `is_reply` (or `message.text`).
 * A body with none of HeyReach's fields is an error (the caller quarantines it).
 *
 * @category adapters
 */
export const parseHeyReach = (body: unknown, received: Date): Result<readonly DomainEvent[], string> => {
  const parsed = heyreachDelivery.safeParse(body);
  if (!parsed.success) return err(`not a HeyReach event: ${firstIssue(parsed.error)}`);
  const d = parsed.data;
  if (!KNOWN_KEYS.some((key) => d[key] !== undefined && d[key] !== null)) return err(`not a HeyReach event: none of ${KNOWN_KEYS.join(', ')}`);
  const type = eventTypeOf(d);
  const mapped = type && Object.hasOwn(HEYREACH_EVENT_MAPPING, type) ? HEYREACH_EVENT_MAPPING[type] : undefined;
  const reply = latestReply(d.recent_messages);
  const linkedinUrl = d.lead?.profile_url ?? d.lead?.linkedin_url ?? d.leadProfile?.linkedInUrl ?? d.leadProfile?.profileUrl ?? undefined;
  const email = d.lead?.email ?? d.lead?.email_address ?? d.leadProfile?.emailAddress ?? undefined;
  const eventId = eventIdOf(d, type ?? 'UNTYPED', mapped, linkedinUrl, reply);
  const occurredAt = instantOr(d.timestamp ?? reply?.creation_time, received);
  const providerId = d.lead?.id === undefined || d.lead.id === null ? undefined : String(d.lead.id);
  const lead = { ...(linkedinUrl ? { linkedinUrl } : {}), ...(email ? { email } : {}), ...(providerId ? { providerId } : {}) };
  if (!mapped || (!linkedinUrl && !email && !providerId)) return ok([{ type: 'Ignored', eventId, provider: 'heyreach', occurredAt, providerType: (d.event_type ?? d.eventType) || 'untyped', lead }]);
  const text = mapped === 'LinkedInReplyReceived' ? (reply?.message ?? d.message?.text) : d.message?.text;
  return ok([messageEvent({ type: mapped, eventId, provider: 'heyreach', occurredAt, channel: 'heyreach', lead, campaignId: d.campaign?.id, messageId: d.message?.id, snippet: snippet(text) })]);
};
