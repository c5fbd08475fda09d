import type { WebhookProvider } from '@caio/core';
import { aCard, aLead } from '@caio/testkit';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderAuthView } from '../src/composition/app-services.js';
import { NotificationDelivery } from '../src/notifications/notification-delivery.js';
import { NotificationWatcher } from '../src/notifications/notification-watcher.js';
import { auth, startTestApp, type TestApp } from './support/test-app.js';

/** A loopback Slack-compatible webhook: records every POST; `answer` decides the reply (or none). */
class FakeNotifyEndpoint {
  readonly requests: { key: string; text: string; status: number | null }[] = [];
  answer: (index: number) => number | 'hang' = () => 200;
  private readonly hanging: ServerResponse[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const answer = this.answer(this.requests.length);
        const record = { key: String(request.headers['idempotency-key'] ?? ''), text: (JSON.parse(body) as { text: string }).text, status: answer === 'hang' ? null : answer };
        this.requests.push(record);
        if (answer === 'hang') this.hanging.push(response);
        else response.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/caio`;
  }

  /** Deliveries per key: requests answered 2xx. */
  delivered(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.requests) if (r.status !== null && r.status < 300) counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
    return counts;
  }

  async stop(): Promise<void> {
    for (const r of this.hanging) r.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

let t: TestApp;
let fake: FakeNotifyEndpoint;
const rejected: Partial<Record<WebhookProvider, number>> = {};
const authStatus = () => Object.fromEntries((['instantly', 'heyreach', 'clay', 'rb2b', 'ghl'] as const).map((p) => [p, { healthy: true, configured: true, unsigned_allowlisted: false, rejected_count: rejected[p] ?? 0 }])) as Record<WebhookProvider, ProviderAuthView>;

const watcherFor = (timeoutMs = 2_000) => {
  const deps = t.services.deps;
  const delivery = new NotificationDelivery({ url: fake.url, attempts: 4, baseDelayMs: 10, timeoutMs, maxQueued: 100 }, { store: deps.store, ids: deps.ids, logger: deps.logger, now: () => deps.clock.now() });
  const watcher = new NotificationWatcher({ store: deps.store, clock: deps.clock, locks: deps.locks, logger: deps.logger }, authStatus, delivery, { intervalMs: 60_000, approvalSlaMinutes: 120, authFailureThreshold: 10, lookbackMs: 15 * 60_000 });
  return { watcher, delivery };
};

const webhook = (provider: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/webhooks/${provider}`, headers: { 'content-type': 'application/json', 'x-test-signature': 'valid' }, payload });

beforeEach(async () => {
  t = await startTestApp({ SUPERVISED_SEND_WINDOW_OVERRIDE: 'true' });
  fake = new FakeNotifyEndpoint();
  await fake.start();
  for (const p of Object.keys(rejected)) delete rejected[p as WebhookProvider];
});
afterEach(async () => {
  await fake.stop();
  await t.app.close();
});

describe('notifications to NOTIFY_WEBHOOK_URL', () => {
  it('delivers each event exactly once, retrying a failed POST with the same idempotency key', async () => {
    const { watcher, delivery } = watcherFor();
    const ada = aLead('ada');
    await t.store.putLead(ada, null);
    // An approval whose GHL send times out: the outcome is unknown.
    t.channels.ghl_email.setDefault('timeout');
    await t.store.putCard(aCard('card_unknown', ada, {}, '2026-03-02T20:20:00.000Z'), null);
    expect((await t.app.inject({ method: 'POST', url: '/api/cards/card_unknown/approve', headers: auth })).json().send.result).toBe('unknown');
    // A card waiting past the 120-minute approval SLA.
    await t.store.putCard(aCard('card_waiting', aLead('bob'), {}, '2026-03-02T17:00:00.000Z'), null);
    // A reply, a quarantined delivery, the stop engaged and released, an autonomy fallback.
    expect((await webhook('instantly', { events: [{ type: 'ReplyReceived', eventId: 'evt_reply', provider: 'instantly', occurredAt: '2026-03-02T20:29:00.000Z', channel: 'instantly', lead: { email: 'ada@acme.example' }, snippet: 'Interested, call me' }] })).statusCode).toBe(200);
    expect((await webhook('rb2b', { invalid: true })).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/controls/emergency-stop', headers: auth, payload: { engaged: true, reason: 'complaint received' } });
    await t.app.inject({ method: 'POST', url: '/api/controls/emergency-stop', headers: auth, payload: { engaged: false, reason: 'handled' } });
    await t.store.appendAudit({ id: 'audit_fallback', trace: { traceId: 'trace_fb' as never, actor: 'system:autonomy', at: new Date().toISOString(), origin: 'scheduler' }, action: 'autonomy.fallback', detail: { trips: [{ breaker: 'bounce_rate', detail: '3 of 20 sends bounced' }] } });
    // Twelve rejected webhook signatures on this instance since the watcher started.
    rejected.instantly = 12;

    fake.answer = (i) => (i === 0 ? 500 : 200);
    await watcher.tick();
    await watcher.tick(); // a second look while deliveries are in progress adds nothing
    await delivery.idle();
    await watcher.tick(); // nor after: delivered keys are audited as notify.sent
    await delivery.idle();

    const delivered = fake.delivered();
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
    const kinds = fake.requests.filter((r) => r.status === 200).map((r) => /^\[CAIO ([a-z ]+)\]/.exec(r.text)?.[1]).sort();
    expect(kinds).toEqual(['approval sla', 'autonomy fallback', 'quarantine', 'reply', 'stop engaged', 'stop released', 'unknown outcome', 'webhook auth failures']);
    expect(fake.requests).toHaveLength(9); // one 500, then eight deliveries
    expect(fake.requests[1]!.key).toBe(fake.requests[0]!.key);
    expect(fake.requests.find((r) => r.text.includes('[CAIO reply]'))!.text).toContain('Interested, call me');
    // The fallback names the breakers that tripped, as the autonomy tick audits them.
    expect(fake.requests.find((r) => r.text.includes('[CAIO autonomy fallback]'))!.text).toContain('bounce_rate (3 of 20 sends bounced)');
    expect(fake.requests.find((r) => r.text.includes('approval sla'))!.key).toBe('sla:card_waiting');
    expect((await t.store.listAuditByAction('notify.sent', 100))._unsafeUnwrap()).toHaveLength(8);
    await watcher.stop();
  });

  it('an endpoint that never answers delays nothing: a look returns at once, the app keeps working', async () => {
    const { watcher, delivery } = watcherFor(30_000);
    fake.answer = () => 'hang';
    await t.app.inject({ method: 'POST', url: '/api/controls/emergency-stop', headers: auth, payload: { engaged: true, reason: 'testing a dead endpoint' } });
    await watcher.tick();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.requests).toHaveLength(1);
    expect(delivery.pendingKeys().size).toBe(1);
    // Meanwhile the API answers and the next look enqueues nothing twice.
    expect((await t.app.inject({ method: 'POST', url: '/api/controls/emergency-stop', headers: auth, payload: { engaged: false, reason: 'released while the endpoint hangs' } })).statusCode).toBe(200);
    await watcher.tick();
    expect(delivery.pendingKeys().size).toBe(2);
    expect(fake.requests).toHaveLength(1);
    await fake.stop();
    await watcher.stop();
  });
});
