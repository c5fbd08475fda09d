import type { WebhookProvider } from '@caio/core';

/**
 * Why a webhook is refused, by HTTP meaning: 401 unauthorized (no or bad credentials),
 * 413 too large. Nothing else is refused: an authenticated delivery that cannot be used
 * is quarantined and answered 200 (see receiveWebhook).
 *
 * @category errors
 */
export type WebhookRejection =
  | { readonly _tag: 'WebhookUnauthorized'; readonly provider: WebhookProvider; readonly reason: string }
  | { readonly _tag: 'WebhookTooLarge'; readonly provider: WebhookProvider };

export const REJECTION_STATUS: Readonly<Record<WebhookRejection['_tag'], 401 | 413>> = {
  WebhookUnauthorized: 401,
  WebhookTooLarge: 413,
};
