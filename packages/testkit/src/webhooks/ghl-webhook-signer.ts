import { generateKeyPairSync, randomUUID, sign, type KeyObject, type KeyPairSyncResult } from 'node:crypto';
import { postWebhook, type WebhookDelivery } from './webhook-delivery.js';

/** How GHL signs: Ed25519 in `X-GHL-Signature` (since 2026-07-01), or the legacy RSA `x-wh-signature`. @category testing */
export type GhlSigning = 'ed25519' | 'rsa';

const spkiBase64 = (key: KeyObject): string => key.export({ type: 'spki', format: 'der' }).toString('base64');

/**
 * GoHighLevel's webhook delivery with a test keypair: the event wrapped in GHL's envelope
 * (`timestamp`, `webhookId`), signed over the exact bytes sent. Give the app
 * `ed25519PublicKey` as GHL_WEBHOOK_ED25519_PUBLIC_KEY (or `rsaPublicKeyPem` as the
 * legacy GHL_WEBHOOK_PUBLIC_KEY).
 *
 * @category testing
 */
export class GhlWebhookSigner {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly ed25519 = generateKeyPairSync('ed25519');
  private rsa: KeyPairSyncResult<string, string> | undefined;

  /** The clock of the envelope's `timestamp` (a test sets the app's clock). */
  now: () => Date = () => new Date();

  /** The test key as GHL publishes its own: base64 SPKI. */
  get ed25519PublicKey(): string {
    return spkiBase64(this.ed25519.publicKey);
  }

  /** The legacy RSA test key (PEM), made on first use (RSA key generation is slow). */
  get rsaPublicKeyPem(): string {
    return this.rsaPair().publicKey;
  }

  private rsaPair(): KeyPairSyncResult<string, string> {
    this.rsa ??= generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    return this.rsa;
  }

  /** The body GHL would send for an event: the envelope's `timestamp` and `webhookId`, then the event. */
  envelope(event: object, webhookId: string = randomUUID()): string {
    return JSON.stringify({ timestamp: this.now().toISOString(), webhookId, ...event });
  }

  /** The signature headers of exactly these bytes. */
  headersFor(body: string, signing: GhlSigning = 'ed25519'): Record<string, string> {
    if (signing === 'rsa') return { 'x-wh-signature': sign('sha256', Buffer.from(body), this.rsaPair().privateKey).toString('base64') };
    return { 'x-ghl-signature': sign(null, Buffer.from(body), this.ed25519.privateKey).toString('base64') };
  }

  /** Wraps, signs and sends an event to `url`, as GHL delivers a marketplace webhook. */
  async send(url: string, event: object, options: { readonly signing?: GhlSigning; readonly webhookId?: string } = {}): Promise<WebhookDelivery> {
    const body = this.envelope(event, options.webhookId);
    const delivery = await postWebhook(url, body, this.headersFor(body, options.signing));
    this.deliveries.push(delivery);
    return delivery;
  }
}
