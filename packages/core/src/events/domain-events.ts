import type { Channel } from '../channel.js';
import type { EventId } from '../ids.js';
import type { LeadInput } from '../lead/lead.js';

/** Providers that call us. @category model */
export const WEBHOOK_PROVIDERS = ['instantly', 'heyreach', 'clay', 'rb2b', 'ghl'] as const;
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

/** How an event names the lead it is about: any identity we can normalise, and the provider's own id for the person. */
export interface EventLeadRef {
  readonly email?: string;
  readonly linkedinUrl?: string;
  /**
   * The provider's own id for the person (GHL `contactId`, Instantly lead id, HeyReach
   * lead id): as the identity key `<provider>:<id>` it finds the person through the
   * identity index, where our sends recorded it (`learnProviderKeys`).
   */
  readonly providerId?: string;
}

interface EventBase {
  readonly eventId: EventId;
  readonly provider: WebhookProvider;
  readonly occurredAt: string;
}

interface MessageEventBase extends EventBase {
  readonly lead: EventLeadRef;
  readonly channel: Channel;
  readonly campaignId?: string;
  /** Provider message id, for reconciliation and audit. */
  readonly messageId?: string;
}

/**
 * What webhooks become. A sent-event for a card in `unknown` resolves it to `sent`;
 * a reply stops the cadence; a bounce, unsubscribe, complaint or "not interested"
 * suppresses the lead.
 *
 * @category events
 */
export type DomainEvent =
  | (MessageEventBase & { readonly type: 'EmailSent' })
  | (MessageEventBase & { readonly type: 'EmailOpened' })
  | (MessageEventBase & { readonly type: 'LinkClicked' })
  | (MessageEventBase & { readonly type: 'ReplyReceived'; readonly snippet?: string })
  | (MessageEventBase & { readonly type: 'EmailBounced' })
  | (MessageEventBase & { readonly type: 'Unsubscribed' })
  | (MessageEventBase & { readonly type: 'ComplaintReceived' })
  | (MessageEventBase & { readonly type: 'NotInterested' })
  | (MessageEventBase & { readonly type: 'ConnectionAccepted' })
  | (MessageEventBase & { readonly type: 'LinkedInMessageSent' })
  | (MessageEventBase & { readonly type: 'LinkedInReplyReceived'; readonly snippet?: string })
  | (EventBase & { readonly type: 'LeadEnriched'; readonly lead: LeadInput })
  | (EventBase & { readonly type: 'VisitorIdentified'; readonly lead: LeadInput; readonly pageUrl?: string })
  /** Recorded for audit but without effect (e.g. campaign_completed, test pings). */
  | (EventBase & { readonly type: 'Ignored'; readonly providerType: string; readonly lead?: EventLeadRef });

export type DomainEventType = DomainEvent['type'];
