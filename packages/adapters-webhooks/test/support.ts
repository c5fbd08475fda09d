import type { WebhookRequest } from '@caio/adapters-webhooks';

export const request = (body: string | Buffer, headers: Record<string, string> = {}, query: Record<string, string> = {}, contentType = 'application/json'): WebhookRequest => ({
  rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  query,
  contentType,
});
