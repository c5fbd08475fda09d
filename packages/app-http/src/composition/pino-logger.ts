import type { Logger } from '@caio/core';
import type { Logger as Pino } from 'pino';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Masks e-mail addresses in any string inside a log field (lead PII never reaches logs). */
export const redactEmails = (value: unknown, depth = 0): unknown => {
  if (typeof value === 'string') return value.replace(EMAIL, '[email]');
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactEmails(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactEmails(v, depth + 1)]));
};

/**
 * The core `Logger` port over pino: one JSON line per call, e-mail addresses masked.
 *
 * @category adapters
 */
export const pinoLogger = (pino: Pino): Logger => ({
  debug: (message, fields) => pino.debug(redactEmails(fields ?? {}) as object, redactEmails(message) as string),
  info: (message, fields) => pino.info(redactEmails(fields ?? {}) as object, redactEmails(message) as string),
  warn: (message, fields) => pino.warn(redactEmails(fields ?? {}) as object, redactEmails(message) as string),
  error: (message, fields) => pino.error(redactEmails(fields ?? {}) as object, redactEmails(message) as string),
});
