import { aCard, aLead } from '@caio/testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALLOWED_ORIGIN, auth, OLD_TOKEN, snapshotBesidesCounts, startTestApp, TOKEN, webhooksApplied, type TestApp } from './support/test-app.js';

let t: TestApp;

const seed = async (id: string, overrides: Parameters<typeof aCard>[2] = {}) => {
  const lead = aLead(`lead_${id}`);
  await t.store.putLead(lead, null);
  const card = aCard(id, lead, overrides);
  await t.store.putCard(card.status === 'approved' ? { ...card, approvedBy: 'reviewer' } : card, null);
  return card;
};

beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.app.close();
});

describe('dashboard auth', () => {
  it('refuses a request without a token, with a wrong one, and a query token by default', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/queue' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/queue', headers: { 'x-dashboard-token': 'wrong-token-wrong-token-wrong' } })).statusCode).toBe(401);
    const query = await t.app.inject({ method: 'GET', url: `/api/queue?token=${TOKEN}` });
    expect(query.statusCode).toBe(401);
    expect(query.json().message).toContain('query-string tokens are disabled');
  });

  it('accepts the header, a Bearer token, and every token of a rotation', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/queue', headers: auth })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/queue', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/queue', headers: { 'x-dashboard-token': OLD_TOKEN } })).statusCode).toBe(200);
  });

  it('accepts a query token only when enabled, and the header wins over it', async () => {
    const open = await startTestApp({ DASHBOARD_QUERY_TOKEN_ENABLED: 'true' });
    try {
      expect((await open.app.inject({ method: 'GET', url: `/api/queue?token=${TOKEN}` })).statusCode).toBe(200);
      const headerWins = await open.app.inject({ method: 'GET', url: `/api/queue?token=${TOKEN}`, headers: { 'x-dashboard-token': 'wrong-token-wrong-token-wrong' } });
      expect(headerWins.statusCode).toBe(401);
    } finally {
      await open.app.close();
    }
  });

  it('answers 429 to wrong tokens after repeated failures from one client, never to a valid token', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await t.app.inject({ method: 'GET', url: '/api/queue', headers: { 'x-dashboard-token': `bad-token-${i}-xxxxxxxxxxxxxxxx` } })).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    const locked = await t.app.inject({ method: 'GET', url: '/api/queue', headers: { 'x-dashboard-token': 'bad-token-next-xxxxxxxxxxxxxxxx' } });
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    expect((await t.app.inject({ method: 'GET', url: '/api/queue', headers: auth })).statusCode).toBe(200);
  });

  it('keeps tokens, Authorization headers and query strings out of the logs', async () => {
    await t.app.inject({ method: 'GET', url: '/api/queue', headers: auth });
    await t.app.inject({ method: 'GET', url: '/api/queue', headers: { authorization: `Bearer ${TOKEN}` } });
    await t.app.inject({ method: 'GET', url: `/api/queue?token=${TOKEN}` });
    await t.app.inject({ method: 'POST', url: '/webhooks/rb2b?secret=s3cr3t-value', headers: { 'content-type': 'application/json' }, payload: '{}' });
    const text = t.logs.join('');
    expect(t.logs.length).toBeGreaterThanOrEqual(4);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('s3cr3t-value');
    expect(text.toLowerCase()).not.toContain('authorization');
    const line = JSON.parse(t.logs[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ method: 'GET', path: '/api/queue', status: 200 });
    expect(String(line.reqId)).toMatch(/^trace_/);
  });

  it('sends no-store and no-referrer on every API response, errors included', async () => {
    for (const response of [await t.app.inject({ method: 'GET', url: '/api/queue', headers: auth }), await t.app.inject({ method: 'GET', url: '/api/queue' })]) {
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});

describe('CORS', () => {
  it('answers a listed origin with the explicit methods and headers only', async () => {
    const response = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/queue',
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-dashboard-token, x-evil' },
    });
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(response.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
    expect(response.headers['access-control-allow-headers']).toBe('Content-Type, X-Dashboard-Token, Authorization');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('gives an unknown origin no CORS headers at all', async () => {
    const response = await t.app.inject({ method: 'OPTIONS', url: '/api/queue', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const get = await t.app.inject({ method: 'GET', url: '/api/queue', headers: { ...auth, origin: 'https://evil.example' } });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('review routes', () => {
  it('lists pending cards with their lead', async () => {
    await seed('card_1');
    const body = (await t.app.inject({ method: 'GET', url: '/api/queue', headers: auth })).json();
    expect(body.items).toHaveLength(1);
    expect(body.next).toBeUndefined();
    expect(body.items[0]).toMatchObject({ card: { id: 'card_1', status: 'pending' }, lead: { id: 'lead_card_1' } });
  });

  it('approving a GHL first touch answers "Email sent via GHL" with the receipt, once', async () => {
    await seed('card_1');
    const first = await t.app.inject({ method: 'POST', url: '/api/cards/card_1/approve', headers: auth });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ message: 'Email sent via GHL', send: { result: 'sent', receipt: { channel: 'ghl_email' } }, card: { status: 'sent' } });
    const again = await t.app.inject({ method: 'POST', url: '/api/cards/card_1/approve', headers: auth });
    expect(again.statusCode).toBe(409);
    expect(t.channels.ghl_email.calls).toHaveLength(1);
  });

  it('answers a denial with every failing rule when the emergency stop is engaged', async () => {
    await seed('card_1');
    await t.app.inject({ method: 'POST', url: '/api/controls/emergency-stop', headers: auth, payload: { engaged: true, reason: 'complaint' } });
    t.clock.set('2026-03-02T23:30:00.000Z'); // 18:30 in New York: also outside the window
    const response = await t.app.inject({ method: 'POST', url: '/api/cards/card_1/approve', headers: auth });
    expect(response.statusCode).toBe(200);
    expect(response.json().send.denials.map((d: { rule: string }) => d.rule)).toEqual(['emergency_stop', 'outside_send_window']);
    expect(t.channels.ghl_email.calls).toHaveLength(0);
  });

  it('rejects with a tag and reason; bad input is 400 and changes nothing', async () => {
    await seed('card_1');
    const before = t.store.snapshot();
    const bad = [
      { payload: { tag: 'vibes', reason: 'not right for this persona' } },
      { payload: { tag: 'tone', reason: 'short' } },
      { payload: { tag: 'tone' } },
      { payload: { tag: 'tone', reason: 'a long enough reason', extra: 1 } },
      { payload: '{"tag": "tone", ', headers: { 'content-type': 'application/json' } },
      { payload: 'tag=tone', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    ];
    const codes = [];
    for (const b of bad) codes.push((await t.app.inject({ method: 'POST', url: '/api/cards/card_1/reject', headers: { ...auth, ...(b.headers ?? {}) }, payload: b.payload as never })).statusCode);
    expect(codes).toEqual([400, 400, 400, 400, 400, 415]);
    expect(t.store.snapshot()).toBe(before);
    const ok = await t.app.inject({ method: 'POST', url: '/api/cards/card_1/reject', headers: auth, payload: { tag: 'tone', reason: 'too pushy for a first touch' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().card).toMatchObject({ status: 'rejected', rejection: { tag: 'tone' } });
  });

  it('answers unknown ids 404, malformed ids 400, illegal transitions 409, never 5xx', async () => {
    await seed('card_1', { status: 'rejected' });
    expect((await t.app.inject({ method: 'POST', url: '/api/cards/card_404/approve', headers: auth })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/cards/%24bad%20id/approve', headers: auth })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/api/cards/card_1/approve', headers: auth })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: '/api/cards/card_1/reject', headers: auth, payload: { tag: 'tone', reason: 'too pushy for a first touch' } })).statusCode).toBe(409);
  });

  it('refuses oversized bodies with 413 before touching anything', async () => {
    await seed('card_1');
    const before = t.store.snapshot();
    const response = await t.app.inject({ method: 'POST', url: '/api/cards/card_1/reject', headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ tag: 'tone', reason: 'x'.repeat(1_048_577) }) });
    expect(response.statusCode).toBe(413);
    expect(t.store.snapshot()).toBe(before);
  });

  it('refuses prototype poisoning with 400', async () => {
    await seed('card_1');
    const response = await t.app.inject({ method: 'POST', url: '/api/cards/card_1/reject', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"tag":"tone","reason":"long enough reason","__proto__":{"x":1}}' });
    expect(response.statusCode).toBe(400);
  });
});

describe('batch routes', () => {
  it('snapshots, dry-runs without changes, executes once, and re-executes as a no-op', async () => {
    await seed('card_1', { status: 'approved', channel: 'instantly', campaignId: 'cmp-mapped' });
    await seed('card_2', { status: 'approved', channel: 'instantly', campaignId: 'cmp-gone' });
    const created = await t.app.inject({ method: 'POST', url: '/api/batches', headers: auth, payload: {} });
    expect(created.statusCode).toBe(201);
    const batch = created.json().batch;
    expect(batch.items.map((i: { cardId: string }) => i.cardId)).toEqual(['card_1']);
    const before = t.store.snapshot();
    const dry = await t.app.inject({ method: 'POST', url: `/api/batches/${batch.id}/execute`, headers: auth, payload: { dry_run: true } });
    expect(dry.json()).toMatchObject({ dry_run: true, outcomes: [{ cardId: 'card_1', result: 'sent' }] });
    expect(t.store.snapshot()).toBe(before);
    const run = await t.app.inject({ method: 'POST', url: `/api/batches/${batch.id}/execute`, headers: auth, payload: {} });
    expect(run.statusCode).toBe(202);
    expect(run.json()).toMatchObject({ batch_id: batch.id, job: { id: `batch-${batch.id}` } });
    await vi.waitFor(async () => expect((await t.app.inject({ method: 'GET', url: `/api/batches/${batch.id}`, headers: auth })).json().job.state).toBe('completed'));
    const view = (await t.app.inject({ method: 'GET', url: `/api/batches/${batch.id}`, headers: auth })).json();
    expect(view).toMatchObject({ batch: { status: 'executed', outcomes: [{ cardId: 'card_1', result: 'sent' }] }, progress: { done: 1, total: 1, counts: { sent: 1 } } });
    const again = await t.app.inject({ method: 'POST', url: `/api/batches/${batch.id}/execute`, headers: auth, payload: {} });
    expect(again.json()).toMatchObject({ already_executed: true, job: null });
    expect(t.channels.instantly.calls).toHaveLength(1);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/batches?status=executed', headers: auth })).json();
    expect(listed.batches).toEqual([expect.objectContaining({ id: batch.id, status: 'executed', items: 1, progress: { done: 1, total: 1, counts: { sent: 1 } } })]);
    expect((await t.app.inject({ method: 'GET', url: '/api/batches?status=open', headers: auth })).json().batches).toEqual([]);
  });

  it('with wait, answers when the job has finished, with the outcomes', async () => {
    await seed('card_1', { status: 'approved', channel: 'instantly', campaignId: 'cmp-mapped' });
    const batch = (await t.app.inject({ method: 'POST', url: '/api/batches', headers: auth, payload: {} })).json().batch;
    const run = await t.app.inject({ method: 'POST', url: `/api/batches/${batch.id}/execute`, headers: auth, payload: { wait: true } });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ dry_run: false, outcomes: [{ cardId: 'card_1', result: 'sent' }], batch: { status: 'executed' }, job: { state: 'completed', progress: { done: 1, total: 1 } } });
  });

  it('answers 422 for an empty snapshot and 404 for an unknown batch', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/batches', headers: auth, payload: {} })).statusCode).toBe(422);
    expect((await t.app.inject({ method: 'GET', url: '/api/batches/batch_404', headers: auth })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/batches/batch_404/execute', headers: auth, payload: {} })).statusCode).toBe(404);
  });
});

describe('controls, reports and audit', () => {
  it('engages and releases the emergency stop with a reason, audited under the request trace id', async () => {
    const engaged = await t.app.inject({ method: 'POST', url: '/api/controls/emergency-stop', headers: { ...auth, 'x-trace-id': 'trace_ops_drill_1', 'x-reviewer': 'pat' }, payload: { engaged: true, reason: 'complaint received' } });
    // X-Reviewer is ignored: the actor is the user the token belongs to (DASHBOARD_AUTH_TOKEN: user:admin).
    expect(engaged.json().emergency_stop).toMatchObject({ engaged: true, by: 'user:admin', reason: 'complaint received' });
    expect((await t.app.inject({ method: 'POST', url: '/api/controls/emergency-stop', headers: auth, payload: { engaged: false, reason: '' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/controls/emergency-stop', headers: auth })).json().emergency_stop.engaged).toBe(true);
    const audit = (await t.app.inject({ method: 'GET', url: '/api/audit?trace_id=trace_ops_drill_1', headers: auth })).json();
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(['controls.stop_engaged']);
  });

  it('serves the queue trace, status, rejection summary and readiness', async () => {
    await seed('card_1');
    const trace = (await t.app.inject({ method: 'GET', url: '/api/queue/trace', headers: auth })).json();
    expect(trace).toMatchObject({ total_pending: 1, ghl_targeted: 1, auto_resolve_on_approve: 1, ready_for_live_send: 1, approval_sla_minutes: 120 });
    const status = (await t.app.inject({ method: 'GET', url: '/api/status', headers: auth })).json();
    expect(status).toMatchObject({ send_mode: 'sandbox', send_window: { start: '15:00', end: '17:00', open_now: true }, daily_cap: { used: 0, limit: 5 } });
    expect((await t.app.inject({ method: 'GET', url: '/api/rejections/summary', headers: auth })).statusCode).toBe(200);
    const readiness = (await t.app.inject({ method: 'GET', url: '/api/autonomy/readiness', headers: auth })).json();
    expect(readiness.go).toBe(false);
    expect(readiness.criteria.map((c: { name: string }) => c.name)).toEqual(['clean_days', 'webhook_strict', 'header_only_auth', 'redis_only_state', 'replay_gate', 'rejection_ratio_not_rising']);
  });
});

describe('per-channel daily caps (SEND_CHANNEL_CAPS)', () => {
  it('shows each channel\'s cap and use in the status and the trace, and holds a card at its channel\'s cap', async () => {
    await t.app.close();
    t = await startTestApp({ SEND_CHANNEL_CAPS: 'ghl_email=1,heyreach=0' });
    await seed('card_1');
    await seed('card_2');
    expect((await t.app.inject({ method: 'POST', url: '/api/cards/card_1/approve', headers: auth })).json()).toMatchObject({ send: { result: 'sent' } });
    const held = (await t.app.inject({ method: 'POST', url: '/api/cards/card_2/approve', headers: auth })).json();
    expect(held.send.denials.map((d: { rule: string }) => d.rule)).toEqual(['channel_daily_cap_reached']);
    expect(t.channels.ghl_email.calls).toHaveLength(1);
    const status = (await t.app.inject({ method: 'GET', url: '/api/status', headers: auth })).json();
    expect(status.daily_cap).toMatchObject({ used: 1, limit: 5, channels: [{ channel: 'ghl_email', used: 1, limit: 1 }, { channel: 'heyreach', used: 0, limit: 0, why: 'SEND_CHANNEL_CAPS heyreach=0: closed' }] });
    const trace = (await t.app.inject({ method: 'GET', url: '/api/queue/trace', headers: auth })).json();
    expect(trace.channel_caps).toEqual([
      { channel: 'ghl_email', cap: 1, used: 1, reason: 'SEND_CHANNEL_CAPS ghl_email=1, within the day\'s cap' },
      { channel: 'heyreach', cap: 0, used: 0, reason: 'SEND_CHANNEL_CAPS heyreach=0: closed' },
    ]);
  });
});

describe('probes and documents', () => {
  it('liveness never depends on the store; readiness reports why it is not ready', async () => {
    await t.store.close();
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ ready: false, store: { ok: false }, send_mode: 'sandbox', dashboard_auth: { header_only: true } });
    expect(ready.body).not.toContain(TOKEN);
  });

  it('serves the OpenAPI document with every API route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/queue', '/api/queue/trace', '/api/cards/{id}/approve', '/api/cards/{id}/reject', '/api/batches', '/api/batches/{id}', '/api/batches/{id}/execute', '/api/controls/emergency-stop', '/api/rejections/summary', '/api/autonomy/readiness', '/api/audit']),
    );
  });

  it('serves the review page with a strict content security policy', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/sales' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('Sign in with your own token');
    for (const module of ['app.js', 'shared.js', 'panels.js', 'ops.js', 'batches.js', 'autonomy.js']) {
      const script = await t.app.inject({ method: 'GET', url: `/sales/${module}` });
      expect(script.headers['content-type'], module).toContain('javascript');
      expect(script.headers['content-security-policy'], module).toContain("script-src 'self'");
    }
  });
});

describe('webhook route', () => {
  it('answers 401 without auth and changes nothing but the shared failure count', async () => {
    const before = snapshotBesidesCounts(t.store);
    const response = await t.app.inject({ method: 'POST', url: '/webhooks/instantly', headers: { 'content-type': 'application/json' }, payload: { events: [] } });
    expect(response.statusCode).toBe(401);
    expect(snapshotBesidesCounts(t.store)).toBe(before);
    expect((await t.services.webhookAuthFailures.count(t.clock.now()))._unsafeUnwrap()).toBe(1);
  });

  it('records events once: a replay is a 200 no-op', async () => {
    const lead = aLead('ada');
    await t.store.putLead(lead, null);
    const payload = JSON.stringify({ events: [{ type: 'Unsubscribed', eventId: 'evt_1', occurredAt: '2026-03-02T20:00:00.000Z', channel: 'instantly', lead: { email: 'ada@acme.example' } }] });
    const headers = { 'content-type': 'application/json', 'x-test-signature': 'valid' };
    const first = await t.app.inject({ method: 'POST', url: '/webhooks/instantly', headers, payload });
    // Recorded with the answer; the unsubscribe itself is applied in the background.
    expect(first.json()).toMatchObject({ accepted: true, applied: 0, pending: 1, duplicates: 0, events: [{ eventId: 'evt_1', status: 'accepted' }] });
    await webhooksApplied(t);
    expect((await t.store.findSuppressions(['email:ada@acme.example' as never]))._unsafeUnwrap().map((s) => s.reason)).toEqual(['unsubscribed']);
    const snapshot = t.store.snapshot();
    const replay = await t.app.inject({ method: 'POST', url: '/webhooks/instantly', headers, payload });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ applied: 0, pending: 0, duplicates: 1 });
    await webhooksApplied(t);
    expect(t.store.snapshot()).toBe(snapshot);
  });

  it('quarantines an authenticated but invalid body with 200', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/webhooks/rb2b', headers: { 'content-type': 'application/json', 'x-test-signature': 'valid' }, payload: { invalid: true } });
    expect(response.statusCode).toBe(200);
    expect((await t.store.listQuarantine(5))._unsafeUnwrap()).toHaveLength(1);
  });

  it('answers 404 for an unknown provider', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/webhooks/acme', headers: { 'content-type': 'application/json' }, payload: {} })).statusCode).toBe(404);
  });
});
