/** One webhook a fake provider sent, with the answer it got: what the provider would act on. @category testing */
export interface WebhookDelivery {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly status: number;
  readonly answer: unknown;
}

/**
 * POSTs one webhook body as a provider does (JSON, the provider's own headers) and
 * records the answer. The URL must be loopback: tests never send anywhere else.
 *
 * @category testing
 */
export const postWebhook = async (url: string, body: string, headers: Readonly<Record<string, string>> = {}): Promise<WebhookDelivery> => {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') throw new Error(`a fake provider only sends to loopback, not ${host}`);
  const sent = { 'content-type': 'application/json', ...headers };
  const response = await fetch(url, { method: 'POST', headers: sent, body, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let answer: unknown = text;
  try {
    answer = text ? JSON.parse(text) : null;
  } catch {
    // keep the text
  }
  return { url, headers: sent, body, status: response.status, answer };
};

/** Appends query parameters to a URL (a provider's registered URL carries its secret). */
export const withQuery = (url: string, query: Readonly<Record<string, string>>): string => {
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return u.toString();
};
