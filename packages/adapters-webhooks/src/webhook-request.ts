/**
 * An inbound webhook as received: raw bytes, nothing parsed yet. Header names are
 * lower-case (as Node delivers them); a repeated header or query parameter may arrive
 * as an array.
 *
 * @category adapters
 */
export interface WebhookRequest {
  readonly rawBody: Buffer;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly query: Readonly<Record<string, string | string[] | undefined>>;
  readonly contentType: string | undefined;
}

/** Longest credential or signature header we read; longer ones are refused before any cryptography. */
export const MAX_HEADER_LENGTH = 4096;

/** One header's value (the first of repeats), or undefined; anything but a string counts as absent. */
export const headerValue = (request: WebhookRequest, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
};

/** One query parameter, or undefined. A repeated parameter is ambiguous and counts as absent. */
export const queryValue = (request: WebhookRequest, name: string): string | undefined => {
  const value = request.query[name];
  return typeof value === 'string' ? value : undefined;
};

/** `application/json`, any `+json` type, with or without parameters. */
export const isJson = (contentType: string | undefined): boolean => /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType ?? '');
