import type { WebhookProvider } from '@caio/core';

/**
 * Why a webhook is refused, by HTTP meaning: 401 unauthorized (no or bad credentials),
 * 415 not JSON, 413 too large, 400 authenticated but malformed.
 *
 * @category errors
 */
export type WebhookRejection =
  | { readonly _tag: 'WebhookUnauthorized'; readonly provider: WebhookProvider; readonly reason: string }
  | { readonly _tag: 'WebhookUnsupportedMedia'; readonly provider: WebhookProvider }
  | { readonly _tag: 'WebhookTooLarge'; readonly provider: WebhookProvider }
  | { readonly _tag: 'WebhookMalformed'; readonly provider: WebhookProvider; readonly reason: string };

export const REJECTION_STATUS: Readonly<Record<WebhookRejection['_tag'], 400 | 401 | 413 | 415>> = {
  WebhookUnauthorized: 401,
  WebhookUnsupportedMedia: 415,
  WebhookTooLarge: 413,
  WebhookMalformed: 400,
};
