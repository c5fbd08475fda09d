import { createCard, qualityPassed, type CardDraft, type CardId, type LeadId } from '@caio/core';
import { createLead } from '@caio/core';
import { FakeGhl, FakeHeyReach, FakeInstantly } from '@caio/testkit';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type ComposedApp } from '../src/composition/container.js';
import { loadConfiguration } from '../src/composition/load-configuration.js';
import { runStartup } from '../src/composition/startup.js';
import { jobHandler } from '../src/jobs/job-handler.js';
import { buildServer } from '../src/http/build-server.js';
import { liveProviderEnv } from './support/live-provider-env.js';
import { initRedisPrefix, removeRedisPrefixes } from './support/redis-cleanup.js';

const TOKEN = 'e2e-dashboard-token-0123456789abcdef';
const SECRET = 'e2e-webhook-secret-0123456789';
let ghl: FakeGhl;
let instantly: FakeInstantly;
let heyreach: FakeHeyReach;
let app: FastifyInstance;
let composed: ComposedApp;
let base = '';
let dir = '';

const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { 'x-dashboard-token': TOKEN }) => {
  const response = await fetch(`${base}${path}`, { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

/** Stores a lead and a pending card (through the app's own store). */
const seed = async (id: string, draft: Partial<CardDraft> & { email?: string | null; linkedin?: string | null } = {}) => {
  const store = composed.services.deps.store;
  const at = new Date().toISOString();
  const lead = createLead(`lead_${id}` as LeadId, { email: draft.email === undefined ? `${id}@e2e.example` : draft.email, linkedinUrl: draft.linkedin === undefined ? `https://www.linkedin.com/in/${id}/` : draft.linkedin, source: 'manual', sourceLabel: 'e2e', tier: 'tier_1', firstName: id }, at)._unsafeUnwrap();
  const existing = (await store.findLeadsByKeys([`email:${id}@e2e.example`] as never))._unsafeUnwrap()[0];
  if (!existing) await store.putLead(lead, null);
  const owner = existing ?? lead;
  const keys = [...(owner.identity.email ? [`email:${owner.identity.email}`] : []), ...(owner.identity.linkedin ? [`linkedin:${owner.identity.linkedin}`] : [])];
  const { email: _e, linkedin: _l, ...rest } = draft;
  const card = createCard(`card_${id}_${draft.channel ?? 'ghl_email'}` as CardId, { leadId: owner.id, leadKeys: keys as never, tier: 'tier_1', channel: 'ghl_email', subject: `Hello ${id}`, body: `Hi ${id}, a short and specific note about your team.`, opener: 'A specific opener.', ...rest }, qualityPassed, at)._unsafeUnwrap();
  await store.putCard(card, null);
  return card;
};

const PREFIX = `caio-e2e-${process.pid}-${Date.now()}`;

beforeAll(async () => {
  [ghl, instantly, heyreach] = await Promise.all([new FakeGhl().start(), new FakeInstantly().start(), new FakeHeyReach().start()]);
  dir = mkdtempSync(join(tmpdir(), 'caio-e2e-'));
  await initRedisPrefix(PREFIX);
  const loaded = (
    await loadConfiguration({
      STATE_DIR: dir,
      STATE_BACKEND: 'redis',
      REDIS_KEY_PREFIX: PREFIX,
      ...liveProviderEnv({ ghl, instantly, heyreach }),
      DASHBOARD_AUTH_TOKEN: TOKEN,
      SUPERVISED_SEND_WINDOW_OVERRIDE: 'true',
      DAILY_SEND_CAP: '50',
      INSTANTLY_WEBHOOK_SECRET: SECRET,
      CLAY_WEBHOOK_SECRET: SECRET,
      RB2B_WEBHOOK_SECRET: SECRET,
      HEYREACH_WEBHOOK_SECRET: SECRET,
      GHL_STANDARD_WEBHOOK_SECRET: `whsec_${Buffer.from('twenty-four-random-bytes!').toString('base64')}`,
    })
  )._unsafeUnwrap();
  composed = (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
  await runStartup(composed.services.deps, loaded.config);
  // This instance's worker (BullMQ on the test's Redis); no periodic jobs in this test.
  composed.services.jobs.work(jobHandler(composed.services));
  app = await buildServer(composed.services, pino({ level: 'silent' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await composed?.services.jobs.close();
  await composed?.state.store.close();
  await composed?.closeChannels();
  await Promise.all([ghl?.stop(), instantly?.stop(), heyreach?.stop()]);
  rmSync(dir, { recursive: true, force: true });
  await removeRedisPrefixes([PREFIX]);
});

const ghlMessages = () => ghl.count('POST', '/conversations/messages');

describe('the running app, live mode against the fake providers, state in Redis', () => {
  it('is ready, with every webhook provider authenticated and the Redis store healthy', async () => {
    const ready = await api('GET', '/readyz', undefined, {});
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ready: true, store: { ok: true, backend: 'redis' }, send_mode: 'live' });
  });

  it('approving a GHL first touch sends it once: "Email sent via GHL" with the receipt', async () => {
    const card = await seed('ada');
    const first = await api('POST', `/api/cards/${card.id}/approve`);
    expect(first.body).toMatchObject({ message: 'Email sent via GHL', send: { result: 'sent', receipt: { messageId: expect.stringMatching(/^msg_/), conversationId: expect.any(String) } } });
    expect(ghlMessages()).toBe(1);
    const again = await api('POST', `/api/cards/${card.id}/approve`);
    expect(again.status).toBe(409);
    expect(ghlMessages()).toBe(1);
  });

  it('the same approve raced from two clients sends once', async () => {
    const before = ghlMessages();
    const card = await seed('bob');
    const results = await Promise.all([api('POST', `/api/cards/${card.id}/approve`), api('POST', `/api/cards/${card.id}/approve`), api('POST', `/api/cards/${card.id}/approve`)]);
    expect(results.filter((r) => r.body.send?.result === 'sent')).toHaveLength(1);
    expect(ghlMessages() - before).toBe(1);
  });

  it('with the emergency stop engaged, approval is denied and nothing reaches the provider', async () => {
    const before = ghlMessages();
    const card = await seed('cy');
    expect((await api('POST', '/api/controls/emergency-stop', { engaged: true, reason: 'e2e drill' })).status).toBe(200);
    const denied = await api('POST', `/api/cards/${card.id}/approve`);
    expect(denied.body.send).toMatchObject({ result: 'denied', denials: [expect.objectContaining({ rule: 'emergency_stop' })] });
    expect(ghlMessages()).toBe(before);
    expect((await api('POST', '/api/controls/emergency-stop', { engaged: false, reason: 'drill over' })).status).toBe(200);
  });

  it('a batch mixing the three channels sends each card once, keeps leads on their first channel, and re-executing sends nothing', async () => {
    const dee = await seed('dee', { channel: 'instantly', campaignId: 'cmp-1' });
    const eve = await seed('eve', { channel: 'heyreach', campaignId: '4242' });
    const fay = await seed('fay', { channel: 'instantly', campaignId: 'cmp-2' });
    // Ada was first touched via GHL above: an Instantly card for her must never go out.
    const adaInstantly = await seed('ada', { channel: 'instantly', campaignId: 'cmp-1', body: 'Hi ada, another angle on the same idea.' });
    for (const card of [dee, eve, fay, adaInstantly]) expect((await api('POST', `/api/cards/${card.id}/approve`)).status).toBe(200);
    const batch = await api('POST', '/api/batches', {});
    expect(batch.status).toBe(201);
    const run = await api('POST', `/api/batches/${batch.body.batch.id}/execute`, { wait: true });
    const results = Object.fromEntries(run.body.outcomes.map((o: { cardId: string; result: string }) => [o.cardId, o.result]));
    expect(results).toMatchObject({ [dee.id]: 'sent', [eve.id]: 'sent', [fay.id]: 'sent', [adaInstantly.id]: 'denied' });
    const instantlyLeads = instantly.requests.filter((r) => r.path === '/leads').map((r) => (r.body as { email: string }).email).sort();
    expect(instantlyLeads).toEqual(['dee@e2e.example', 'fay@e2e.example']);
    expect(heyreach.count('POST', '/campaign/AddLeadsToCampaignV2')).toBe(1);
    const rerun = await api('POST', `/api/batches/${batch.body.batch.id}/execute`, { wait: true });
    expect(rerun.body.already_executed).toBe(true);
    expect(instantly.count('POST', '/leads')).toBe(2);
    expect(heyreach.count('POST', '/campaign/AddLeadsToCampaignV2')).toBe(1);
  });

  it('accepts an authenticated webhook and refuses one without auth, changing nothing', async () => {
    const event = { timestamp: new Date().toISOString(), event_type: 'lead_unsubscribed', workspace: 'w', campaign_id: 'cmp-1', lead_email: 'dee@e2e.example' };
    const refused = await fetch(`${base}/webhooks/instantly`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    expect(refused.status).toBe(401);
    const accepted = await fetch(`${base}/webhooks/instantly`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-webhook-secret': SECRET }, body: JSON.stringify(event) });
    expect(await accepted.json()).toMatchObject({ accepted: true, pending: 1 });
    await composed.services.webhookApplier.drained();
    const suppressions = (await composed.services.deps.store.findSuppressions(['email:dee@e2e.example'] as never))._unsafeUnwrap();
    expect(suppressions.map((s) => s.reason)).toEqual(['unsubscribed']);
  });
});
