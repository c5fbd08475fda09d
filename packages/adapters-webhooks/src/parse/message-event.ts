import type { Channel, DomainEvent, EventId, EventLeadRef, WebhookProvider } from '@caio/core';

type MessageEventType = Exclude<DomainEvent['type'], 'LeadEnriched' | 'VisitorIdentified' | 'Ignored'>;

/** @category adapters */
export interface MessageEventFields {
  readonly type: MessageEventType;
  readonly eventId: EventId;
  readonly provider: WebhookProvider;
  readonly occurredAt: string;
  readonly channel: Channel;
  readonly lead: EventLeadRef;
  readonly campaignId?: string | null | undefined;
  readonly messageId?: string | null | undefined;
  /** Kept on replies only. */
  readonly snippet?: string | undefined;
}

/**
 * A message event (sent, opened, reply, bounce...) with its optional fields present
 * only when they hold a value, as exactOptionalPropertyTypes wants them.
 *
 * @category adapters
 */
export const messageEvent = (f: MessageEventFields): DomainEvent => {
  const isReply = f.type === 'ReplyReceived' || f.type === 'LinkedInReplyReceived';
  return {
    type: f.type,
    eventId: f.eventId,
    provider: f.provider,
    occurredAt: f.occurredAt,
    channel: f.channel,
    lead: f.lead,
    ...(f.campaignId ? { campaignId: f.campaignId } : {}),
    ...(f.messageId ? { messageId: f.messageId } : {}),
    ...(isReply && f.snippet ? { snippet: f.snippet } : {}),
  } as DomainEvent;
};
