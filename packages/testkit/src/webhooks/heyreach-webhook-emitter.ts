import { randomUUID } from 'node:crypto';
import { postWebhook, type WebhookDelivery } from './webhook-delivery.js';

/** A webhook registered with HeyReach (`POST /webhooks/CreateWebhook`); one event type each. @category testing */
export interface HeyReachWebhook {
  readonly id: number;
  readonly webhookName: string;
  readonly webhookUrl: string;
  readonly eventType: string;
  readonly campaignIds?: readonly number[];
}

/** A reply goes to the webhooks of both reply types: HeyReach fans every reply out. */
const ALSO_DELIVERED_TO: Readonly<Record<string, readonly string[]>> = {
  EVERY_MESSAGE_REPLY_RECEIVED: ['MESSAGE_REPLY_RECEIVED'],
  MESSAGE_REPLY_RECEIVED: ['EVERY_MESSAGE_REPLY_RECEIVED'],
};

/**
 * HeyReach's webhook deliveries as really sent: snake_case bodies with a fresh
 * `correlation_id` per delivery and a lower-case `event_type`, unsigned (the secret sits in
 * the registered URL's query), to every webhook of the event's type and campaign. A reply
 * goes to the MESSAGE_REPLY_RECEIVED and EVERY_MESSAGE_REPLY_RECEIVED webhooks alike.
 * Failed deliveries are kept in `failed` (HeyReach retries them for 24 hours).
 *
 * @category testing
 */
export class HeyReachWebhookEmitter {
  readonly deliveries: WebhookDelivery[] = [];

  constructor(private readonly webhooks: () => Iterable<HeyReachWebhook>) {}

  get failed(): readonly WebhookDelivery[] {
    return this.deliveries.filter((d) => d.status < 200 || d.status >= 300);
  }

  /**
   * Sends an event of `eventType` (upper case, as subscribed) with the snake_case fields
   * of `payload` (`lead`, `campaign`, `recent_messages`...). `withoutEventType` drops
   * `event_type`, as some real deliveries do.
   */
  async emit(eventType: string, payload: Readonly<Record<string, unknown>> & { readonly campaign?: { readonly id: number } }, options: { readonly withoutEventType?: boolean } = {}): Promise<WebhookDelivery[]> {
    const types = new Set([eventType, ...(ALSO_DELIVERED_TO[eventType] ?? [])]);
    const sent: WebhookDelivery[] = [];
    for (const webhook of this.webhooks()) {
      if (!types.has(webhook.eventType)) continue;
      if (webhook.campaignIds?.length && payload.campaign && !webhook.campaignIds.includes(payload.campaign.id)) continue;
      const body = { correlation_id: randomUUID(), ...(options.withoutEventType ? {} : { event_type: webhook.eventType.toLowerCase() }), timestamp: new Date().toISOString(), ...payload };
      sent.push(await postWebhook(webhook.webhookUrl, JSON.stringify(body)));
    }
    this.deliveries.push(...sent);
    return sent;
  }
}
