/** An inbound webhook as received: raw bytes, nothing parsed yet. @category adapters */
export interface WebhookRequest {
  readonly rawBody: Buffer;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly contentType: string | undefined;
}

/** Longest header value we read; longer ones are refused before any cryptography. */
export const MAX_HEADER_LENGTH = 4096;

/** One header's value (first of repeats), or undefined; lower-case names. */
export const headerValue = (request: WebhookRequest, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

export const isJson = (contentType: string | undefined): boolean => /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType ?? '');
