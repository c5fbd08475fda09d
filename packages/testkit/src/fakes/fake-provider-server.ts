import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One request as the fake received it: the ground truth for "sent exactly once". @category testing */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
  /** When the request line arrived (before its body was read): what a provider counts. */
  readonly at: number;
}

/** An injected fault for the next request(s) of a route. @category testing */
export interface Fault {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
  /** Read the request, record it, never answer. */
  readonly hang?: boolean;
  /** Read and record the request, then destroy the socket: the provider may have processed it. */
  readonly resetAfterRead?: boolean;
}

/**
 * A standing fault for every request until cleared: the provider throttling (429 with
 * `Retry-After`) or failing (5xx with the provider's own error body).
 *
 * @category testing
 */
export type FakeMode = { readonly kind: 'rate_limited'; readonly retryAfterSeconds?: number } | { readonly kind: 'server_error'; readonly status?: 500 | 502 | 503 };

/** Which requests to pick from the log; `route` is `METHOD /path`. @category testing */
export interface RequestFilter {
  readonly route?: string;
  readonly method?: string;
  readonly path?: string;
}

export interface FakeReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A fixed-window limit as providers enforce it. @category testing */
export interface FakeRateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

const matches = (r: RecordedRequest, filter: RequestFilter): boolean =>
  (filter.route === undefined || `${r.method} ${r.path}` === filter.route) && (filter.method === undefined || r.method === filter.method) && (filter.path === undefined || r.path === filter.path);

/**
 * The base of the fake providers: a real HTTP server on 127.0.0.1 that records every
 * request, serves scripted faults per route (`METHOD /path`) or a standing mode (429 or
 * 5xx), and enforces a fixed-window rate limit like the real provider (429), counting the
 * requests of every window so tests can assert a client stayed under it.
 *
 * @category testing
 */
export abstract class FakeProviderServer {
  readonly requests: RecordedRequest[] = [];
  private readonly faults = new Map<string, Fault[]>();
  private readonly sockets = new Set<Socket>();
  private readonly perWindow = new Map<number, number>();
  private server: Server | null = null;
  private origin = '';
  private mode: FakeMode | null = null;
  /** Highest number of requests seen in one rate-limit window. */
  maxInWindow = 0;
  /** Further windows the provider enforces at the same time (Instantly: 6,000 per minute besides 100 per second). */
  protected additionalRateLimits: readonly FakeRateLimit[] = [];
  private readonly perAdditionalWindow = new Map<string, number>();
  /** Highest count seen in one window of each additional limit, by its `windowMs`. */
  readonly maxInAdditionalWindow = new Map<number, number>();

  constructor(
    private readonly basePath: string,
    protected rateLimit: FakeRateLimit | null,
  ) {}

  protected abstract handle(request: RecordedRequest): FakeReply | Promise<FakeReply>;

  /** The provider's 429, with `Retry-After` (seconds) and whatever rate headers it sends. */
  protected rateLimitedReply(retryAfterSeconds: number): FakeReply {
    return { status: 429, body: { message: 'Too many requests' }, headers: { 'retry-after': String(retryAfterSeconds) } };
  }

  /** The provider's 5xx body. */
  protected serverErrorReply(status: number): FakeReply {
    return { status, body: { message: 'Internal server error' } };
  }

  get baseUrl(): string {
    return `${this.origin}${this.basePath}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res, Date.now()));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Queue faults for the next requests of a route, e.g. `inject('POST /leads', { status: 500 })`. */
  inject(route: string, ...faults: Fault[]): this {
    this.faults.set(route, [...(this.faults.get(route) ?? []), ...faults]);
    return this;
  }

  /** Answer every request with the provider's 429 or 5xx until `setMode(null)`. */
  setMode(mode: FakeMode | null): this {
    this.mode = mode;
    return this;
  }

  /**
   * Replaces the main limit; `additional` replaces the further windows (kept when omitted,
   * except that `setRateLimit(null)` lifts every limit).
   */
  setRateLimit(limit: FakeRateLimit | null, additional: readonly FakeRateLimit[] | undefined = limit === null ? [] : undefined): void {
    this.rateLimit = limit;
    this.perWindow.clear();
    this.maxInWindow = 0;
    if (additional) {
      this.additionalRateLimits = additional;
      this.perAdditionalWindow.clear();
      this.maxInAdditionalWindow.clear();
    }
  }

  /** Requests per rate-limit window, oldest window first (windows without requests omitted). */
  windowCounts(): readonly number[] {
    return [...this.perWindow.entries()].sort(([a], [b]) => a - b).map(([, count]) => count);
  }

  /** The recorded requests matching `filter`, in arrival order. */
  requestsWhere(filter: RequestFilter): readonly RecordedRequest[] {
    return this.requests.filter((r) => matches(r, filter));
  }

  /** How many requests reached a route: `count('POST', '/leads')` or `count('POST /leads')`. */
  count(methodOrRoute: string, path?: string): number {
    return this.requestsWhere(path === undefined ? { route: methodOrRoute } : { method: methodOrRoute, path }).length;
  }

  private async serve(req: IncomingMessage, res: ServerResponse, at: number): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      // keep the raw text: the handler answers 400/422
    }
    const path = url.pathname.startsWith(this.basePath) ? url.pathname.slice(this.basePath.length) || '/' : url.pathname;
    const request: RecordedRequest = { method: req.method ?? 'GET', path, query: Object.fromEntries(url.searchParams), headers: req.headers, body, at };
    this.requests.push(request);

    const fault = this.faults.get(`${request.method} ${path}`)?.shift();
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.hang) return;
    if (fault?.resetAfterRead) {
      req.socket.destroy();
      return;
    }
    if (fault?.status) return this.reply(res, { status: fault.status, body: fault.body ?? {}, ...(fault.headers ? { headers: fault.headers } : {}) });
    if (this.mode?.kind === 'rate_limited') return this.reply(res, this.rateLimitedReply(this.mode.retryAfterSeconds ?? 2));
    if (this.mode?.kind === 'server_error') return this.reply(res, this.serverErrorReply(this.mode.status ?? 500));

    if (this.rateLimit) {
      const window = Math.floor(at / this.rateLimit.windowMs);
      const count = (this.perWindow.get(window) ?? 0) + 1;
      this.perWindow.set(window, count);
      this.maxInWindow = Math.max(this.maxInWindow, count);
      if (count > this.rateLimit.limit) return this.reply(res, this.rateLimitedReply(Math.ceil(this.rateLimit.windowMs / 1000)));
    }
    for (const limit of this.additionalRateLimits) {
      const window = `${limit.windowMs}:${Math.floor(at / limit.windowMs)}`;
      const count = (this.perAdditionalWindow.get(window) ?? 0) + 1;
      this.perAdditionalWindow.set(window, count);
      this.maxInAdditionalWindow.set(limit.windowMs, Math.max(this.maxInAdditionalWindow.get(limit.windowMs) ?? 0, count));
      if (count > limit.limit) return this.reply(res, this.rateLimitedReply(Math.ceil(limit.windowMs / 1000)));
    }
    this.reply(res, await this.handle(request));
  }

  private reply(res: ServerResponse, reply: FakeReply): void {
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { ...(text ? { 'content-type': 'application/json' } : {}), ...(reply.headers ?? {}) });
    res.end(text);
  }
}

export const header = (request: RecordedRequest, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};
