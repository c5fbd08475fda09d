import type { WebhookRequest } from '@caio/adapters-webhooks';

/** A request as the HTTP layer hands it over: raw bytes, lower-case header names. */
export const request = (
  body: string | Buffer,
  headers: Record<string, string | string[]> = {},
  query: Record<string, string | string[]> = {},
  /** null: no Content-Type header at all. */
  contentType: string | null = 'application/json',
): WebhookRequest => ({
  rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  query,
  contentType: contentType ?? undefined,
});

export const NOW = new Date('2026-03-02T20:00:00.000Z');
