import { err, ok, type Result } from 'neverthrow';

/** One HTTP request of the smoke checklist, relative to the base URL. */
export interface ProbeRequest {
  readonly method: 'GET' | 'POST' | 'OPTIONS';
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What came back: status, lower-case headers, and the body (capped), parsed when it is JSON. */
export interface ProbeResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly json: unknown;
}

/** Why no response: connection refused or reset, the deadline, or the request budget spent. */
export interface ProbeFailure {
  readonly _tag: 'Unreachable' | 'TimedOut' | 'BudgetExhausted';
  readonly message: string;
}

export type ProbeOutcome = Result<ProbeResponse, ProbeFailure>;

/** The most of a response body read; smoke responses are small, a hostile one must not exhaust memory. */
const MAX_BODY_BYTES = 256 * 1024;

const readCapped = async (response: Response): Promise<string> => {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= MAX_BODY_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * Sends the smoke requests: every one with a deadline (connection, headers and body),
 * at most `maxRequests` in all, redirects never followed (a redirect must not carry the
 * dashboard token or a webhook secret to another address).
 */
export class ProbeClient {
  private count = 0;

  constructor(
    private readonly base: URL,
    private readonly timeoutMs: number,
    private readonly maxRequests: number,
  ) {}

  get sent(): number {
    return this.count;
  }

  /** The URL of a path under the base URL (a base with a path prefix keeps it). */
  urlOf(path: string, query: Readonly<Record<string, string>> = {}): URL {
    const root = this.base.href.endsWith('/') ? this.base.href : `${this.base.href}/`;
    const url = new URL(path.replace(/^\//, ''), root);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url;
  }

  async send(request: ProbeRequest): Promise<ProbeOutcome> {
    if (this.count >= this.maxRequests) return err({ _tag: 'BudgetExhausted', message: `request budget of ${this.maxRequests} spent` });
    this.count++;
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await fetch(this.urlOf(request.path, request.query), {
        method: request.method,
        headers: request.headers ?? {},
        redirect: 'manual',
        signal,
        ...(request.body !== undefined ? { body: request.body } : {}),
      });
      const text = await readCapped(response);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      return ok({ status: response.status, headers, text, json: parseJson(text) });
    } catch (error) {
      if (signal.aborted) return err({ _tag: 'TimedOut', message: `no answer within ${this.timeoutMs} ms` });
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
      return err({ _tag: 'Unreachable', message: cause });
    }
  }
}

/** A short description of an outcome for the table: the status, or why there was none. */
export const describeOutcome = (outcome: ProbeOutcome): string => (outcome.isOk() ? `${outcome.value.status}` : `${outcome.error._tag}: ${outcome.error.message}`);

/** The `message` (or `error`) field of a JSON error body, shortened, for details. */
export const messageOf = (response: ProbeResponse): string => {
  const body = response.json;
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const text = typeof record.message === 'string' ? record.message : typeof record.error === 'string' ? record.error : '';
    return text.slice(0, 160);
  }
  return '';
};
