import { aCard, aLead } from '@caio/testkit';
import type { BatchId } from '@caio/core';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/parse-config.js';
import { AppMetrics } from '../src/metrics/app-metrics.js';
import { meteredJobHandler } from '../src/metrics/metered-job-handler.js';
import { auth, startTestApp, TOKEN, type TestApp } from './support/test-app.js';

const METRICS_TOKEN = 'a-metrics-scrape-token-0123456789';
let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

const seed = async (app: TestApp, id: string) => {
  const lead = aLead(`lead_${id}`);
  await app.store.putLead(lead, null);
  await app.store.putCard(aCard(id, lead), null);
};

const scrape = async (app: TestApp): Promise<string> => {
  const response = await app.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('text/plain');
  return response.body;
};

/** The value of one sample line (`name{labels} value`), or undefined. */
const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('/metrics on the public listener', () => {
  it('is not served at all without METRICS_TOKEN (no open metrics, not even with a dashboard token)', async () => {
    t = await startTestApp();
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/metrics', headers: { ...auth, authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(404);
  });

  it('with METRICS_TOKEN needs exactly that bearer token; a dashboard token is refused', async () => {
    t = await startTestApp({ METRICS_TOKEN });
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).statusCode).toBe(401);
    expect(await scrape(t)).toContain('# TYPE caio_sends_total counter');
  });

  it('counts sends by channel and outcome, times claims and provider calls, and counts denials by rule', async () => {
    t = await startTestApp({ METRICS_TOKEN });
    await seed(t, 'card_1');
    await seed(t, 'card_2');
    expect((await t.app.inject({ method: 'POST', url: '/api/cards/card_1/approve', headers: auth })).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/controls/emergency-stop', headers: auth, payload: { engaged: true, reason: 'complaint' } });
    t.clock.set('2026-03-02T23:30:00.000Z'); // outside the send window too
    expect((await t.app.inject({ method: 'POST', url: '/api/cards/card_2/approve', headers: auth })).json().send.denials).toHaveLength(2);

    const text = await scrape(t);
    expect(sample(text, 'caio_sends_total{channel="ghl_email",outcome="sent"}')).toBe(1);
    expect(sample(text, 'caio_provider_call_seconds_count{channel="ghl_email"}')).toBe(1);
    expect(sample(text, 'caio_claim_seconds_count{result="claimed"}')).toBe(1);
    expect(sample(text, 'caio_policy_denials_total{rule="emergency_stop"}')).toBe(1);
    expect(sample(text, 'caio_policy_denials_total{rule="outside_send_window"}')).toBe(1);
  });

  it('counts a provider refusal as rejected, webhook deliveries by provider and outcome, and store errors', async () => {
    t = await startTestApp({ METRICS_TOKEN });
    await seed(t, 'card_1');
    t.channels.ghl_email.then('reject');
    await t.app.inject({ method: 'POST', url: '/api/cards/card_1/approve', headers: auth });
    const webhook = (signature: string) => t!.app.inject({ method: 'POST', url: '/webhooks/instantly', headers: { 'content-type': 'application/json', 'x-test-signature': signature }, payload: { events: [] } });
    expect((await webhook('valid')).statusCode).toBe(200);
    expect((await webhook('forged')).statusCode).toBe(401);
    t.store.failNext({ _tag: 'StoreUnavailable', message: 'injected' });
    expect((await t.app.inject({ method: 'GET', url: '/api/queue', headers: auth })).statusCode).toBe(503);

    const text = await scrape(t);
    expect(sample(text, 'caio_sends_total{channel="ghl_email",outcome="rejected"}')).toBe(1);
    // The metered channel is still the adapter: what else it offers (here the fake's record) is there.
    expect((t.services.deps.channels.ghl_email as unknown as { calls: unknown[] }).calls).toBe(t.channels.ghl_email.calls);
    expect(sample(text, 'caio_webhook_deliveries_total{provider="instantly",outcome="accepted"}')).toBe(1);
    expect(sample(text, 'caio_webhook_deliveries_total{provider="instantly",outcome="unauthenticated"}')).toBe(1);
    expect(sample(text, 'caio_store_errors_total{operation="listQueue",error="StoreUnavailable"}')).toBe(1);
  });

  it('reads the queue depth and age at scrape time', async () => {
    t = await startTestApp({ METRICS_TOKEN });
    t.services.metrics.readQueueWith(async () => ({ pending: 3, approvedWaiting: 1, oldestPendingAgeSeconds: 5_400 }));
    const text = await scrape(t);
    expect(sample(text, 'caio_queue_cards{state="pending"}')).toBe(3);
    expect(sample(text, 'caio_queue_cards{state="approved_waiting"}')).toBe(1);
    expect(sample(text, 'caio_queue_oldest_pending_age_seconds')).toBe(5_400);
  });
});

describe('background job metrics', () => {
  it('counts runs of the engine by job and result (ok, retry, failed) and records the last success', async () => {
    const metrics = new AppMetrics();
    let outcome: 'done' | 'retry' | 'throw' = 'done';
    const handler = meteredJobHandler(async () => {
      if (outcome === 'throw') throw new Error('a bug');
      return outcome === 'done' ? { _tag: 'Done', summary: 'x' } : { _tag: 'Retry', reason: 'StoreUnavailable' };
    }, metrics);
    const context = { jobId: 'job_1', reportProgress: async () => undefined };
    const tick = { kind: 'periodic', name: 'expire-pending' } as const;
    await handler(tick, context);
    outcome = 'retry';
    await handler(tick, context);
    outcome = 'throw';
    await expect(handler(tick, context)).rejects.toThrow('a bug');
    outcome = 'done';
    await handler({ kind: 'executeBatch', batchId: 'batch_1' as BatchId, actor: 'system:dispatcher' }, context);
    const text = (await metrics.expose()).body;
    expect(sample(text, 'caio_scheduled_job_runs_total{job="expire-pending",result="ok"}')).toBe(1);
    expect(sample(text, 'caio_scheduled_job_runs_total{job="expire-pending",result="retry"}')).toBe(1);
    expect(sample(text, 'caio_scheduled_job_runs_total{job="expire-pending",result="failed"}')).toBe(1);
    expect(sample(text, 'caio_scheduled_job_runs_total{job="execute-batch",result="ok"}')).toBe(1);
    expect(sample(text, 'caio_scheduled_job_last_success_timestamp_seconds{job="expire-pending"}')).toBeGreaterThan(1_700_000_000);
  });

  it('counts the app\'s periodic jobs as the engine runs them', async () => {
    t = await startTestApp({ METRICS_TOKEN });
    await t.jobs.tick('expire-pending');
    expect(sample(await scrape(t), 'caio_scheduled_job_runs_total{job="expire-pending",result="ok"}')).toBe(1);
  });
});

describe('metrics configuration', () => {
  const base = { DASHBOARD_AUTH_TOKEN: TOKEN };
  it('refuses a short METRICS_TOKEN, one equal to a dashboard token, and METRICS_PORT equal to PORT', () => {
    const problems = (env: Record<string, string>) => parseConfig({ ...base, ...env })._unsafeUnwrapErr().map((p) => p.variable);
    expect(problems({ METRICS_TOKEN: 'short' })).toEqual(['METRICS_TOKEN']);
    expect(problems({ METRICS_TOKEN: TOKEN })).toEqual(['METRICS_TOKEN']);
    expect(problems({ METRICS_PORT: '9100', PORT: '9100' })).toEqual(['METRICS_PORT']);
    expect(parseConfig({ ...base, METRICS_PORT: '9464' })._unsafeUnwrap().metrics).toEqual({ port: 9464, host: '127.0.0.1' });
  });
});
