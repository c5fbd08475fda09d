import { postWebhook, type WebhookDelivery } from './webhook-delivery.js';

/**
 * Clay's HTTP API column calling us: one request per row, the body the user wrote
 * (columns as keys, or anything else the user typed), unsigned, with the static header
 * the user configured (e.g. `x-api-key`). A non-2xx answer marks the row as errored in
 * Clay (`erroredRows`).
 *
 * @category testing
 */
export class ClayHttpColumn {
  readonly deliveries: WebhookDelivery[] = [];

  constructor(
    private readonly url: string,
    private readonly headers: Readonly<Record<string, string>>,
  ) {}

  get erroredRows(): number {
    return this.deliveries.filter((d) => d.status < 200 || d.status >= 300).length;
  }

  async send(body: unknown): Promise<WebhookDelivery> {
    const delivery = await postWebhook(this.url, JSON.stringify(body), this.headers);
    this.deliveries.push(delivery);
    return delivery;
  }
}
