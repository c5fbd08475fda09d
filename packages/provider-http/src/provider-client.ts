import { jitteredBackoffMs, type RateGate, type SendError } from '@caio/core';
import { err, ok, ResultAsync, type Result } from 'neverthrow';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { classifyNetworkError, classifyStatus, redactSecrets } from './provider-error.js';
import { RateLimiter, type RateWindow } from './rate-limiter.js';
import { Semaphore } from './semaphore.js';

export interface ProviderClientOptions {
  /** Provider name for messages (`GHL`, `Instantly`, `HeyReach`). */
  readonly name: string;
  /** Base URL, possibly with a path prefix (`https://api.instantly.ai/api/v2`). */
  readonly baseUrl: string;
  /** Headers on every request (auth). Their values are redacted from every message. */
  readonly headers: Readonly<Record<string, string>>;
  readonly rateLimits: readonly RateWindow[];
  /**
   * A gate shared with other processes (on Redis) instead of a local one over
   * `rateLimits`: instances sending to one provider account stay under its limits together.
   */
  readonly rateGate?: RateGate;
  readonly connectTimeoutMs?: number;
  readonly headersTimeoutMs?: number;
  readonly bodyTimeoutMs?: number;
  /** Attempts for retryable failures, first included (default 3). */
  readonly maxAttempts?: number;
  /** First retry waits between half of this and this (default 200 ms); doubles per retry. */
  readonly baseBackoffMs?: number;
  /** Source of the retry jitter, in [0, 1) (default `Math.random`; tests inject it). */
  readonly random?: () => number;
  /** Connections (and requests in flight) per provider; default 16. */
  readonly connections?: number;
  /** Injected dispatcher (tests); otherwise one undici Pool per provider. */
  readonly dispatcher?: Dispatcher;
}

export interface ProviderRequest<T> {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  /** Extra headers for this request (e.g. GHL's per-endpoint Version). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Repeating the call is harmless (lookups, upserts): 5xx and resets may be retried. */
  readonly idempotent: boolean;
  /** The response body's schema; an empty body parses as `null`. */
  readonly schema: z.ZodType<T>;
  /**
   * Turns a specific non-2xx answer into a value instead of an error (GHL's duplicate-contact
   * 400 names the existing contact). Gets the status and the JSON body (`null` if none).
   */
  readonly recover?: (status: number, body: unknown) => T | undefined;
}

const MAX_RETRY_AFTER_MS = 10_000;

/**
 * One provider's HTTP client: a pool, connect/headers/body timeouts, a client-side rate
 * limiter, responses validated with zod, and every failure classified. Only `retryable`
 * failures (429, a connection never established, or any failure of an idempotent call)
 * are retried, with jittered exponential backoff and a bound; a send that may have been processed
 * is returned as `unknown` after exactly one request. Credentials never appear in errors.
 *
 * @category adapters
 */
export class ProviderClient {
  private readonly dispatcher: Dispatcher;
  private readonly limiter: RateLimiter;
  private readonly origin: string;
  private readonly prefix: string;
  private readonly secrets: readonly string[];
  private readonly slots: Semaphore;

  constructor(private readonly options: ProviderClientOptions) {
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/$/, '');
    const connections = options.connections ?? 16;
    this.dispatcher = options.dispatcher ?? new Pool(this.origin, { connections, connectTimeout: options.connectTimeoutMs ?? 5_000 });
    // A request takes a connection slot before its rate token, so an admitted request is
    // written at once: queueing after the limiter would let requests leave in clumps.
    this.slots = new Semaphore(connections);
    this.limiter = new RateLimiter(options.rateGate ?? options.rateLimits);
    this.secrets = Object.values(options.headers).flatMap((v) => [v, v.replace(/^Bearer\s+/i, '')]);
  }

  request<T>(request: ProviderRequest<T>): ResultAsync<T, SendError> {
    return new ResultAsync(this.attempt(request, 1));
  }

  async close(): Promise<void> {
    if (!this.options.dispatcher) await this.dispatcher.close();
  }

  private fail(tag: SendError['_tag'], message: string, status?: number, retryAfterMs?: number): SendError {
    const text = redactSecrets(`${this.options.name}: ${message}`, this.secrets);
    return { _tag: tag, message: text, ...(status !== undefined ? { status } : {}), ...(tag === 'SendRetryable' && retryAfterMs !== undefined ? { retryAfterMs } : {}) } as SendError;
  }

  private async attempt<T>(request: ProviderRequest<T>, attempt: number): Promise<Result<T, SendError>> {
    const result = await this.once(request);
    if (result.isOk() || result.error._tag !== 'SendRetryable') return result;
    const max = this.options.maxAttempts ?? 3;
    if (attempt >= max) return result;
    await sleep(this.retryDelayMs(attempt, result.error.retryAfterMs));
    return this.attempt(request, attempt + 1);
  }

  /** Jittered exponential backoff, never sooner than the provider's Retry-After, bounded. */
  retryDelayMs(attempt: number, retryAfterMs?: number): number {
    const backoff = jitteredBackoffMs(attempt, { baseMs: this.options.baseBackoffMs ?? 200, capMs: MAX_RETRY_AFTER_MS }, (this.options.random ?? Math.random)());
    return Math.min(Math.max(backoff, retryAfterMs ?? 0), MAX_RETRY_AFTER_MS);
  }

  private async once<T>(request: ProviderRequest<T>): Promise<Result<T, SendError>> {
    const release = await this.slots.acquire();
    try {
      return await this.send(request);
    } finally {
      release();
    }
  }

  private async send<T>(request: ProviderRequest<T>): Promise<Result<T, SendError>> {
    const admitted = await this.limiter.acquire();
    // The gate could not be asked (its Redis is down): nothing was written, so retryable.
    if (admitted.isErr()) return err(this.fail('SendRetryable', `${request.method} ${request.path} not sent: the shared rate gate is unavailable (${admitted.error._tag})`));
    const query = Object.entries(request.query ?? {}).filter(([, v]) => v !== undefined);
    const path = `${this.prefix}${request.path}${query.length ? `?${new URLSearchParams(query.map(([k, v]): [string, string] => [k, String(v)])).toString()}` : ''}`;
    let response: Dispatcher.ResponseData;
    try {
      response = await this.dispatcher.request({
        origin: this.origin,
        path,
        method: request.method,
        headers: { accept: 'application/json', ...this.options.headers, ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(request.headers ?? {}) },
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        headersTimeout: this.options.headersTimeoutMs ?? 15_000,
        bodyTimeout: this.options.bodyTimeoutMs ?? 15_000,
      });
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return err(this.fail(classifyNetworkError(error, request.idempotent), `${request.method} ${request.path} failed (${e.code ?? 'network error'}): ${e.message ?? ''}`));
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      // The provider answered but the body was cut: it processed the request.
      return err(this.fail(request.idempotent ? 'SendRetryable' : 'SendUnknown', `response body of ${request.method} ${request.path} was cut: ${(error as Error).message}`, response.statusCode));
    }
    if (response.statusCode >= 200 && response.statusCode < 300) {
      let json: unknown = null;
      try {
        json = text.length ? JSON.parse(text) : null;
      } catch {
        return err(this.fail(request.idempotent ? 'SendRetryable' : 'SendUnknown', `${request.method} ${request.path} answered ${response.statusCode} with a body that is not JSON`, response.statusCode));
      }
      const parsed = request.schema.safeParse(json);
      if (!parsed.success) {
        return err(this.fail(request.idempotent ? 'SendRetryable' : 'SendUnknown', `${request.method} ${request.path} answered an unexpected shape: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`, response.statusCode));
      }
      return ok(parsed.data);
    }
    const recovered = request.recover?.(response.statusCode, parseJson(text));
    if (recovered !== undefined) return ok(recovered);
    const retryAfter = retryAfterMs(response.headers);
    return err(this.fail(classifyStatus(response.statusCode, request.idempotent), `${request.method} ${request.path} answered ${response.statusCode}: ${errorText(text)}`, response.statusCode, retryAfter));
  }
}

const header = (headers: Readonly<Record<string, string | string[] | undefined>>, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * How long to wait before retrying: `Retry-After` (seconds) when sent. Otherwise GHL's
 * headers: `X-RateLimit-Interval-Milliseconds` is the length of its window, not a wait,
 * so it matters only when `X-RateLimit-Remaining` says the window is used up (0): then
 * the window is the wait (capped by the caller). With requests remaining, or without the
 * remaining count, there is no hint and the ordinary backoff applies.
 */
export const retryAfterMs = (headers: Readonly<Record<string, string | string[] | undefined>>): number | undefined => {
  const seconds = Number(header(headers, 'retry-after'));
  if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  const remaining = header(headers, 'x-ratelimit-remaining');
  const interval = Number(header(headers, 'x-ratelimit-interval-milliseconds'));
  if (remaining === undefined || remaining.trim() === '' || Number(remaining) !== 0) return undefined;
  return Number.isFinite(interval) && interval > 0 ? interval : undefined;
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** The provider's own words from an error body: `message` (string or array), `error`, `errorMessage` or ASP.NET `errors`. */
export const errorText = (text: string): string => {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const message = body.message ?? body.errorMessage ?? body.error ?? body.errors;
    if (Array.isArray(message)) return message.join('; ');
    if (message && typeof message === 'object') return Object.entries(message).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('; ');
    if (typeof message === 'string') return message.slice(0, 300);
  } catch {
    // not JSON: fall through
  }
  return text.slice(0, 200) || '(empty body)';
};
