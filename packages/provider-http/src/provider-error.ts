import type { SendError } from '@caio/core';

const REJECTED = new Set([400, 401, 402, 403, 404, 409, 410, 422]);

/**
 * What an HTTP status means for delivery. 2xx is handled by the caller. Definitive
 * refusals: nothing was done. 429: provably not processed. 5xx and anything else: the
 * request may have been processed, unless the call is idempotent (a lookup, an upsert),
 * in which case repeating it is harmless and it is treated as retryable.
 *
 * @category adapters
 */
export const classifyStatus = (status: number, idempotent: boolean): SendError['_tag'] => {
  if (REJECTED.has(status)) return 'SendRejected';
  if (status === 429) return 'SendRetryable';
  return idempotent ? 'SendRetryable' : 'SendUnknown';
};

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * A transport error: connection refused or never established means the request was never
 * written (retryable); a timeout after it left, a reset or a closed socket means it may
 * have been processed (unknown), unless the call is idempotent.
 *
 * @category adapters
 */
export const classifyNetworkError = (error: unknown, idempotent: boolean): SendError['_tag'] => {
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code ?? '';
  if (NOT_SENT_CODES.has(code)) return 'SendRetryable';
  return idempotent ? 'SendRetryable' : 'SendUnknown';
};

/** Removes every configured secret from a message before it reaches an error or a log. */
export const redactSecrets = (message: string, secrets: readonly string[]): string =>
  secrets.filter((s) => s.length >= 4).reduce((text, secret) => text.split(secret).join('[redacted]'), message);
