import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One request as the fake received it: the ground truth for "sent exactly once". @category testing */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
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

export interface FakeReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The base of the fake providers: a real HTTP server on 127.0.0.1 that records every
 * request, serves scripted faults per route (`METHOD /path`), and enforces a fixed-window
 * rate limit like the real provider (429 with Retry-After), keeping the highest count any
 * window saw so tests can assert a client stayed under it.
 *
 * @category testing
 */
export abstract class FakeProviderServer {
  readonly requests: RecordedRequest[] = [];
  private readonly faults = new Map<string, Fault[]>();
  private readonly sockets = new Set<Socket>();
  private readonly windowCounts = new Map<number, number>();
  private server: Server | null = null;
  private origin = '';
  /** Highest number of requests seen in one rate-limit window. */
  maxInWindow = 0;

  constructor(
    private readonly basePath: string,
    protected rateLimit: { limit: number; windowMs: number } | null,
  ) {}

  protected abstract handle(request: RecordedRequest): FakeReply | Promise<FakeReply>;

  get baseUrl(): string {
    return `${this.origin}${this.basePath}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
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

  setRateLimit(limit: { limit: number; windowMs: number } | null): void {
    this.rateLimit = limit;
    this.windowCounts.clear();
    this.maxInWindow = 0;
  }

  count(method: string, path: string): number {
    return this.requests.filter((r) => r.method === method && r.path === path).length;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
    const request: RecordedRequest = { method: req.method ?? 'GET', path, query: Object.fromEntries(url.searchParams), headers: req.headers, body, at: Date.now() };
    this.requests.push(request);

    const queue = this.faults.get(`${request.method} ${path}`);
    const fault = queue?.shift();
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.hang) return;
    if (fault?.resetAfterRead) {
      req.socket.destroy();
      return;
    }
    if (fault?.status) return this.reply(res, { status: fault.status, body: fault.body ?? {}, ...(fault.headers ? { headers: fault.headers } : {}) });

    if (this.rateLimit) {
      const window = Math.floor(request.at / this.rateLimit.windowMs);
      const count = (this.windowCounts.get(window) ?? 0) + 1;
      this.windowCounts.set(window, count);
      this.maxInWindow = Math.max(this.maxInWindow, count);
      if (count > this.rateLimit.limit) {
        return this.reply(res, { status: 429, body: { message: 'Too many requests' }, headers: { 'retry-after': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-interval-milliseconds': String(this.rateLimit.windowMs) } });
      }
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
