import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { configuredSecrets, createAppLogger, logScrubber } from '../src/composition/app-logger.js';
import { composeApp, type ComposedApp } from '../src/composition/container.js';
import { loadConfiguration } from '../src/composition/load-configuration.js';
import { buildServer } from '../src/http/build-server.js';
import { captureLogs } from './support/test-app.js';

const SECRETS = {
  DASHBOARD_AUTH_TOKEN: 'dash-token-AAAA-0123456789abcdef',
  INSTANTLY_WEBHOOK_SECRET: 'inst-secret-BBBB-0123456789',
  CLAY_WEBHOOK_SECRET: 'clay-secret-CCCC-0123456789',
  WEBHOOK_BEARER_TOKEN: 'bearer-tok-DDDD-0123456789',
  RB2B_WEBHOOK_SECRET: 'rb2b-secret-EEEE-0123456789',
  HEYREACH_WEBHOOK_SECRET: 'heyr-secret-FFFF-0123456789',
  GHL_STANDARD_WEBHOOK_SECRET: `whsec_${Buffer.from('ghl-standard-key-GGGG-0123').toString('base64')}`,
  GHL_API_TOKEN: 'ghl-api-token-HHHH-0123456789',
  INSTANTLY_API_KEY: 'instantly-key-IIII-0123456789',
  HEYREACH_API_KEY: 'heyreach-key-JJJJ-0123456789',
};

/**
 * Everything a log line says, decoded: strings as they are and URL-decoded, base64-looking
 * strings decoded, byte arrays (a Buffer as JSON, or a bare array of bytes) as text.
 */
const decoded = (value: unknown, out: string[] = []): string[] => {
  if (typeof value === 'string') {
    out.push(value);
    try {
      out.push(decodeURIComponent(value));
    } catch {
      // not URL-encoded
    }
    for (const chunk of value.match(/[A-Za-z0-9+/_-]{12,}={0,2}/g) ?? []) out.push(Buffer.from(chunk, 'base64').toString('latin1'));
  } else if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) out.push(Buffer.from(value as number[]).toString('latin1'));
    else for (const v of value) decoded(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) decoded(v, out);
  }
  return out;
};

let dir: string;
let app: FastifyInstance;
let composed: ComposedApp;
let port = 0;
let lines: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'caio-logs-'));
  const loaded = (await loadConfiguration({ STATE_DIR: dir, SEND_MODE: 'sandbox', DEMO_SEED: 'false', LOG_LEVEL: 'trace', GHL_LOCATION_ID: 'loc-1', ...SECRETS }))._unsafeUnwrap();
  const { sink, lines: written } = captureLogs();
  lines = written;
  const logger = createAppLogger({ level: 'trace', secrets: configuredSecrets(loaded.config), destination: sink });
  composed = (await composeApp(loaded, logger))._unsafeUnwrap();
  app = await buildServer(composed.services, logger);
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await app.close();
  await composed.state.store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes raw bytes to the server and waits for it to answer or close. */
const raw = (bytes: string): Promise<string> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
  });

describe('logs at LOG_LEVEL=trace', () => {
  it('never carry a configured secret, however malformed the request that carried it', async () => {
    const all = Object.values(SECRETS);
    const credentials = [
      `X-Dashboard-Token: ${SECRETS.DASHBOARD_AUTH_TOKEN}`,
      `Authorization: Bearer ${SECRETS.WEBHOOK_BEARER_TOKEN}`,
      `X-Webhook-Secret: ${SECRETS.INSTANTLY_WEBHOOK_SECRET}`,
      `X-Api-Key: ${SECRETS.CLAY_WEBHOOK_SECRET}`,
      `Webhook-Signature: v1,${Buffer.from(SECRETS.GHL_API_TOKEN).toString('base64')}`,
      `Cookie: k=${SECRETS.INSTANTLY_API_KEY}; h=${SECRETS.HEYREACH_API_KEY}`,
    ].join('\r\n');
    const query = `secret=${SECRETS.RB2B_WEBHOOK_SECRET}&token=${SECRETS.DASHBOARD_AUTH_TOKEN}&k=${encodeURIComponent(SECRETS.GHL_STANDARD_WEBHOOK_SECRET)}&h=${SECRETS.HEYREACH_WEBHOOK_SECRET}`;
    const answers = [
      // A header line without a colon: the HTTP parser refuses it (a client error with the raw packet).
      await raw(`GET /api/queue?${query} HTTP/1.1\r\nHost: x\r\n${credentials}\r\nThis line is not a header\r\n\r\n`),
      // Headers too large.
      await raw(`GET /webhooks/rb2b?${query} HTTP/1.1\r\nHost: x\r\n${credentials}\r\nX-Pad: ${'p'.repeat(20_000)}\r\n\r\n`),
      // A bad request line.
      await raw(`GET /webhooks/heyreach?${query} HTTP/9.9 nonsense\r\n${credentials}\r\n\r\n`),
      // Well-formed HTTP with a malformed body, on a webhook and on the API.
      await raw(`POST /webhooks/instantly?${query} HTTP/1.1\r\nHost: x\r\n${credentials}\r\nContent-Type: application/json\r\nContent-Length: 40\r\nConnection: close\r\n\r\n{"token":"${SECRETS.DASHBOARD_AUTH_TOKEN.slice(0, 20)}`),
      await raw(`POST /api/controls/emergency-stop?${query} HTTP/1.1\r\nHost: x\r\n${credentials}\r\nContent-Type: application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{bad}`),
    ];
    expect(answers.map((a) => a.slice(0, 12))).toEqual(['HTTP/1.1 400', 'HTTP/1.1 431', 'HTTP/1.1 400', 'HTTP/1.1 400', 'HTTP/1.1 400']);
    await new Promise((r) => setTimeout(r, 50));
    // The client errors were logged (the path that used to write the raw packet), at trace level.
    const parsed = lines.flatMap((chunk) => chunk.split('\n').filter(Boolean)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.filter((l) => String(l.msg).startsWith('client ')).length).toBeGreaterThanOrEqual(3);
    expect(parsed.some((l) => l.level === 10)).toBe(true);
    const text = parsed.flatMap((l) => decoded(l)).join('\n');
    for (const secret of all) {
      expect(text, `a secret reached the logs`).not.toContain(secret);
      expect(text).not.toContain(secret.replace(/^whsec_/, ''));
    }
    expect(text).not.toContain('rawPacket');
  });

  it('cuts the query string of any logged URL and redacts credential headers, whether or not the value is a configured secret', () => {
    const { sink, lines: out } = captureLogs();
    const logger = createAppLogger({ level: 'trace', secrets: [], destination: sink });
    logger.info({ req: { url: '/api/queue?token=unknown-credential-1', headers: { authorization: 'Bearer unknown-credential-2', 'x-dashboard-token': 'unknown-credential-3' } }, url: '/webhooks/rb2b?secret=unknown-credential-4' }, 'request');
    const line = JSON.parse(out.join('')) as { req: { url: string; headers: Record<string, string> }; url: string };
    expect(line.req.url).toBe('/api/queue');
    expect(line.url).toBe('/webhooks/rb2b');
    expect(line.req.headers).toEqual({ authorization: '[redacted]', 'x-dashboard-token': '[redacted]' });
    expect(out.join('')).not.toContain('unknown-credential');
  });

  it('the scrubber replaces secrets in messages, fields, errors and their causes, and never writes bytes', () => {
    const scrub = logScrubber(['s3cret-value-123']);
    const error = Object.assign(new Error('refused s3cret-value-123', { cause: new Error(`encoded ${encodeURIComponent('s3cret-value-123')}`) }), { rawPacket: Buffer.from('GET /?t=s3cret-value-123') });
    expect(JSON.stringify(scrub({ msg: 'token s3cret-value-123', err: error, body: Buffer.from('s3cret-value-123'), b64: Buffer.from('s3cret-value-123').toString('base64') }))).not.toMatch(/s3cret|czNjcmV0|rawPacket/);
  });
});
