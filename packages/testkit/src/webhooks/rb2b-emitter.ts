import { postWebhook, type WebhookDelivery } from './webhook-delivery.js';

/**
 * RB2B as it calls us: one POST per identified visitor to the one URL registered in the
 * account (its secret in the query string, since RB2B sends no custom headers), the
 * fixed Title Case body, and no retry. `deliveries` keeps every answer: RB2B disconnects
 * an integration that answers anything but 200 (`disconnected`).
 *
 * @category testing
 */
export class Rb2bEmitter {
  readonly deliveries: WebhookDelivery[] = [];

  constructor(private readonly url: string) {}

  /** True once any delivery got an answer other than 200: RB2B would have disconnected. */
  get disconnected(): boolean {
    return this.deliveries.some((d) => d.status !== 200);
  }

  /** Sends a visitor (an object, or raw text such as RB2B's own sample with its trailing comma). */
  async send(visitor: object | string): Promise<WebhookDelivery> {
    if (this.disconnected) throw new Error('RB2B disconnected this integration after a non-200 answer');
    const delivery = await postWebhook(this.url, typeof visitor === 'string' ? visitor : JSON.stringify(visitor));
    this.deliveries.push(delivery);
    return delivery;
  }
}
