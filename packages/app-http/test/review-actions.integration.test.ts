import { createCard, qualityPassed, type CardId, type LeadId } from '@caio/core';
import { aLead, FakeGhl } from '@caio/testkit';
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
import { buildServer } from '../src/http/build-server.js';
import { liveProviderEnv } from './support/live-provider-env.js';

const TOKEN = 'review-actions-token-0123456789abcdef';
const SECRET = 'review-webhook-secret-0123456789abcdef';
const WEBHOOK_SECRETS = { INSTANTLY_WEBHOOK_SECRET: SECRET, CLAY_WEBHOOK_SECRET: SECRET, RB2B_WEBHOOK_SECRET: SECRET, HEYREACH_WEBHOOK_SECRET: SECRET };
let ghl: FakeGhl;
let composed: ComposedApp;
let app: FastifyInstance;
let dir = '';

const api = async (method: 'GET' | 'POST', url: string, payload?: object) => {
  const response = await app.inject({ method, url, headers: { 'x-dashboard-token': TOKEN }, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json() };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ghlMessages = () => ghl.count('POST', '/conversations/messages');

const seed = async (name: string) => {
  const { store } = composed.services.deps;
  const at = new Date().toISOString();
  const lead = (await store.putLead(aLead(`lead_${name}`, { email: `${name}@acme.example` } as never, at), null))._unsafeUnwrap();
  const card = createCard(`card_${name}` as CardId, { leadId: lead.id as LeadId, leadKeys: [`email:${name}@acme.example`] as never, tier: 'tier_1', channel: 'ghl_email', subject: `Hello ${name}`, body: `Hi ${name}, a short and specific note about your team.`, opener: 'A specific opener.' }, qualityPassed, at)._unsafeUnwrap();
  return (await store.putCard(card, null))._unsafeUnwrap();
};

beforeAll(async () => {
  ghl = await new FakeGhl().start();
  dir = mkdtempSync(join(tmpdir(), 'caio-review-'));
  const loaded = (await loadConfiguration({ STATE_DIR: dir, ...liveProviderEnv({ ghl }), SEND_CHANNELS: 'ghl_email', DASHBOARD_AUTH_TOKEN: TOKEN, SUPERVISED_SEND_WINDOW_OVERRIDE: 'true', APPROVAL_UNDO_SECONDS: '2', DEMO_SEED: 'false', ...WEBHOOK_SECRETS, GHL_STANDARD_WEBHOOK_SECRET: `whsec_${Buffer.from('twenty-four-random-bytes!').toString('base64')}` }))._unsafeUnwrap();
  composed = (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
  await runStartup(composed.services.deps, loaded.config);
  app = await buildServer(composed.services, pino({ level: 'silent' }));
  await app.ready();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await composed?.state.store.close();
  await composed?.closeChannels();
  await ghl?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('review actions over HTTP, live GHL (loopback fake), APPROVAL_UNDO_SECONDS=2', () => {
  it('an approval withdrawn inside the undo window sends nothing; one left alone sends once when it ends', async () => {
    const kept = await seed('ada');
    const withdrawn = await seed('bob');
    expect((await api('GET', '/api/status')).body.approval_undo_seconds).toBe(2);
    const a = await api('POST', `/api/cards/${kept.id}/approve`);
    expect(a.body).toMatchObject({ send: { result: 'scheduled', send_after: expect.any(String) }, message: expect.stringContaining('unless withdrawn') });
    const b = await api('POST', `/api/cards/${withdrawn.id}/approve`);
    expect(b.body.card.status).toBe('approved');
    const back = await api('POST', `/api/cards/${withdrawn.id}/withdraw`);
    expect(back).toMatchObject({ status: 200, body: { card: { status: 'pending' } } });
    expect(ghlMessages()).toBe(0);
    // Past the window: the kept approval sends (wait for it, bounded); the withdrawn one never does.
    await sleep(2_600);
    for (let waited = 0; ghlMessages() < 1 && waited < 10_000; waited += 100) await sleep(100);
    expect(ghlMessages()).toBe(1);
    const { store } = composed.services.deps;
    expect((await store.getCard(kept.id))._unsafeUnwrap()?.status).toBe('sent');
    expect((await store.getCard(withdrawn.id))._unsafeUnwrap()?.status).toBe('pending');
    // Too late to withdraw a sent card.
    expect((await api('POST', `/api/cards/${kept.id}/withdraw`)).status).toBe(409);
  }, 30_000);

  it('an edit makes a new digest and runs the gate again; the audit holds the diff', async () => {
    const card = await seed('cy');
    const edited = await api('POST', `/api/cards/${card.id}/edit`, { subject: 'A better subject', body: 'Hi {{first_name}}, a note.', version: card.version });
    expect(edited.status).toBe(200);
    expect(edited.body.card.contentDigest).not.toBe(card.contentDigest);
    expect(edited.body.card.quality.passed).toBe(false);
    expect(edited.body.card.edits).toMatchObject({ count: 1, lastBy: 'user:admin' });
    const stale = await api('POST', `/api/cards/${card.id}/edit`, { body: 'Another body entirely, long enough.', version: card.version });
    expect(stale.status).toBe(409);
    const audit = (await api('GET', `/api/audit?card_id=${card.id}`)).body.entries;
    expect(audit).toEqual([expect.objectContaining({ action: 'card.edited', detail: expect.objectContaining({ contentDigest: { from: card.contentDigest, to: edited.body.card.contentDigest } }) })]);
  });

  it('lists approved cards the policy holds with why and when', async () => {
    const card = await seed('di');
    await composed.services.deps.store.putCard({ ...card, tier: 'tier_2', status: 'approved', version: card.version + 1, approvedBy: 'user:admin', approvedAt: card.createdAt }, card.version);
    const held = (await api('GET', '/api/approvals')).body.items.find((i: { card: { id: string } }) => i.card.id === card.id);
    expect(held).toMatchObject({ may_go_at: null, when: expect.stringContaining('autonomy'), denials: [expect.objectContaining({ rule: 'supervised_tier_only' })] });
  });
});
