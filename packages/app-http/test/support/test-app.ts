import {
  DEFAULT_REJECTION_TAXONOMY,
  MemoryQuarantineDecisions,
  MemoryUsers,
  silentLogger,
  type CoreDeps,
  type DomainEvent,
  type EventId,
  type WebhookProvider,
} from '@caio/core';
import { FakeChannel, InMemoryLockManager, InMemoryStateStore, ManualClock, SequentialIds } from '@caio/testkit';
import type { FastifyInstance } from 'fastify';
import { err, ok } from 'neverthrow';
import pino from 'pino';
import { Writable } from 'node:stream';
import type { AppServices, WebhookIngress } from '../../src/composition/app-services.js';
import { InFlight } from '../../src/composition/in-flight.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { buildServer } from '../../src/http/build-server.js';
import { TemplateCrafter } from '../../src/crafting/template-crafter.js';
import { WebhookSpool } from '../../src/composition/webhook-spool.js';
import { WebhookApplier } from '../../src/composition/webhook-applier.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebhookAuthFailures } from '../../src/composition/webhook-auth-failures.js';
import { InProcessWorkQueue } from '../../src/jobs/in-process-work-queue.js';
import { jobHandler } from '../../src/jobs/job-handler.js';
import { AppMetrics } from '../../src/metrics/app-metrics.js';
import { meteredChannels } from '../../src/metrics/metered-channels.js';
import { meteredStore } from '../../src/metrics/metered-store.js';

export const TOKEN = 'test-dashboard-token-0123456789abcdef';
export const OLD_TOKEN = 'old-dashboard-token-0123456789abcdef';
export const ALLOWED_ORIGIN = 'https://ops.example';

/**
 * A webhook ingress double for route tests: a request is authentic when it carries
 * `x-test-signature: valid`; its JSON body `{ "events": [...] }` is taken as parsed
 * events; `{ "invalid": true }` is quarantined. The real verifier is tested in
 * adapters-webhooks and end to end.
 */
export const testIngress = (): WebhookIngress => ({
  strict: true,
  status: () => {
    const view = { mode: 'strict', configured: true, unsigned_allowlisted: false, healthy: true };
    return { instantly: view, heyreach: view, clay: view, rb2b: view, ghl: view } satisfies Record<WebhookProvider, typeof view>;
  },
  receive: (provider: WebhookProvider, request) => {
    if (request.headers['x-test-signature'] !== 'valid') return err({ status: 401, error: 'WebhookUnauthorized', message: 'signature missing or invalid' });
    const body = JSON.parse(request.rawBody.toString('utf8')) as { events?: DomainEvent[]; invalid?: boolean };
    if (body.invalid) return ok({ _tag: 'Quarantine', reason: 'body does not match the schema' });
    return ok({ _tag: 'Events', events: (body.events ?? []).map((e) => ({ ...e, provider, eventId: e.eventId as EventId })), authenticatedBy: 'test' });
  },
  reparse: (provider: WebhookProvider, rawBody) => {
    const body = JSON.parse(rawBody.toString('utf8')) as { events?: DomainEvent[]; invalid?: boolean };
    return body.invalid ? err('body does not match the schema') : ok((body.events ?? []).map((e) => ({ ...e, provider, eventId: e.eventId as EventId })));
  },
});

export interface TestApp {
  readonly app: FastifyInstance;
  readonly services: AppServices;
  readonly jobs: InProcessWorkQueue;
  readonly store: InMemoryStateStore;
  readonly clock: ManualClock;
  readonly channels: { readonly ghl_email: FakeChannel; readonly instantly: FakeChannel; readonly heyreach: FakeChannel };
  readonly logs: string[];
}

/** A pino destination that keeps every line written to it, for assertions on the logs. */
export const captureLogs = (): { readonly sink: Writable; readonly lines: string[] } => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { sink, lines };
};

export const startTestApp = async (env: Record<string, string> = {}, options: { readonly replayPassRate?: number } = {}): Promise<TestApp> => {
  const clock = new ManualClock('2026-03-02T20:30:00.000Z');
  const store = new InMemoryStateStore(() => clock.now());
  const channels = { ghl_email: new FakeChannel('ghl_email'), instantly: new FakeChannel('instantly'), heyreach: new FakeChannel('heyreach') };
  const config = parseConfig({ DASHBOARD_AUTH_TOKEN: `${TOKEN},${OLD_TOKEN}`, CORS_ALLOWED_ORIGINS: ALLOWED_ORIGIN, LOG_LEVEL: 'info', ...env })._unsafeUnwrap();
  // Metered as composeApp meters them, so /metrics tests see what the routes do.
  const metrics = new AppMetrics();
  const deps: CoreDeps = {
    store: meteredStore(store, metrics),
    clock,
    ids: new SequentialIds(),
    logger: silentLogger,
    channels: meteredChannels(channels, metrics),
    locks: new InMemoryLockManager(clock),
    policy: config.policy,
    campaigns: () => ({ instantly: new Set(['cmp-mapped']), heyreach: new Set(['4242']) }),
    taxonomy: DEFAULT_REJECTION_TAXONOMY,
    sendGhlFirstTouchOnApprove: true,
    ...(config.erasureHashKey ? { erasureKey: config.erasureHashKey } : {}),
  };
  const jobs = new InProcessWorkQueue({ concurrency: 2, now: () => clock.now() });
  const services: AppServices = {
    config,
    deps,
    webhooks: testIngress(),
    drift: () => null,
    replayPassRate: async () => options.replayPassRate ?? null,
    crafter: new TemplateCrafter(),
    inFlight: new InFlight(),
    jobs,
    batches: meteredStore(store, metrics),
    webhookAuthFailures: new WebhookAuthFailures(store),
    spool: new WebhookSpool(join(mkdtempSync(join(tmpdir(), 'caio-spool-')), 'webhook-spool')),
    webhookApplier: new WebhookApplier(deps, silentLogger, config.webhookApplierEnabled),
    users: meteredStore(new MemoryUsers(), metrics),
    quarantineDecisions: meteredStore(new MemoryQuarantineDecisions(), metrics),
    metrics,
  };
  // The worker runs one-off jobs (batch executions); periodic jobs run when a test ticks them.
  jobs.work(jobHandler(services));
  const { sink, lines: logs } = captureLogs();
  const app = await buildServer(services, pino({ level: 'info' }, sink));
  await app.ready();
  return { app, services, jobs, store, clock, channels, logs };
};

export const auth = { 'x-dashboard-token': TOKEN };

/**
 * The store's state without its event counts: what "changes nothing" means for a refused
 * webhook delivery, which is counted (the authentication breaker) and does nothing else.
 */
export const snapshotBesidesCounts = (store: InMemoryStateStore): string => {
  const { eventCounts: _counts, ...rest } = JSON.parse(store.snapshot()) as Record<string, unknown>;
  return JSON.stringify(rest);
};

/** Waits until the webhook applier has applied every accepted event (the route answers once they are recorded). */
export const webhooksApplied = (t: { readonly services: AppServices }): Promise<void> => t.services.webhookApplier.drained();
