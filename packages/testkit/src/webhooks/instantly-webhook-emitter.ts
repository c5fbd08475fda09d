import { postWebhook, type WebhookDelivery } from './webhook-delivery.js';

/** A webhook registered with Instantly (`POST /webhooks`). @category testing */
export interface InstantlyWebhook {
  readonly id: string;
  readonly target_hook_url: string;
  /** The subscription name: `all_events`, `email_link_clicked`, `reply_received`... */
  readonly event_type: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** 1 active, -1 disabled after failed deliveries. */
  status: number;
  failures: number;
}

/** Failed deliveries after which Instantly disables a webhook. */
export const INSTANTLY_DISABLE_AFTER_FAILURES = 3;

/** The event type a delivery carries for a subscription name: a click is subscribed as `email_link_clicked` but arrives as `link_clicked`. */
const DELIVERED_AS: Readonly<Record<string, string>> = { email_link_clicked: 'link_clicked' };

/**
 * Instantly's webhook deliveries: each event goes, as one flat JSON object, to every
 * active webhook subscribed to its type (or `all_events`), with the custom headers the
 * webhook was registered with (Instantly does not sign). A webhook whose deliveries fail
 * (non-2xx) `INSTANTLY_DISABLE_AFTER_FAILURES` times in a row is disabled, as Instantly does.
 *
 * @category testing
 */
export class InstantlyWebhookEmitter {
  readonly deliveries: WebhookDelivery[] = [];

  constructor(private readonly webhooks: () => Iterable<InstantlyWebhook>) {}

  /** Sends `event` (a flat payload; `event_type` is the subscription name, rewritten as Instantly delivers it). */
  async emit(event: Readonly<Record<string, unknown>> & { readonly event_type: string }): Promise<WebhookDelivery[]> {
    const subscription = event.event_type;
    const body = JSON.stringify({ ...event, event_type: DELIVERED_AS[subscription] ?? subscription });
    const sent: WebhookDelivery[] = [];
    for (const webhook of this.webhooks()) {
      if (webhook.status !== 1 || (webhook.event_type !== 'all_events' && webhook.event_type !== subscription)) continue;
      const delivery = await postWebhook(webhook.target_hook_url, body, webhook.headers ?? {});
      const ok = delivery.status >= 200 && delivery.status < 300;
      webhook.failures = ok ? 0 : webhook.failures + 1;
      if (webhook.failures >= INSTANTLY_DISABLE_AFTER_FAILURES) webhook.status = -1;
      sent.push(delivery);
    }
    this.deliveries.push(...sent);
    return sent;
  }
}
