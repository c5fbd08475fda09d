import { listAllLedger } from '@caio/core';
import { aCard, aLead, OwnRedis } from '@caio/testkit';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type ComposedApp } from '../src/composition/container.js';
import { loadConfiguration } from '../src/composition/load-configuration.js';
import { runStartup } from '../src/composition/startup.js';
import { buildServer } from '../src/http/build-server.js';
import { caio, recordSend, withCore } from './support/cli.js';
import { TOKEN } from './support/test-app.js';

const PREFIX = `caio-loss-${process.pid}`;
let redis: OwnRedis;
const dirs: string[] = [];
beforeAll(async () => {
  redis = await OwnRedis.start();
}, 30_000);
afterAll(async () => {
  await redis.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `caio-${name}-`));
  dirs.push(dir);
  return dir;
};

interface Running {
  readonly app: FastifyInstance;
  readonly composed: ComposedApp;
  close(): Promise<void>;
}

/** The app as `caio serve` composes it, from `env` alone (a "restart" is a new one). */
const start = async (env: Record<string, string>): Promise<Running> => {
  const loaded = (await loadConfiguration(env))._unsafeUnwrap();
  const composed = (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
  await runStartup(composed.services.deps, loaded.config);
  const app = await buildServer(composed.services, pino({ level: 'silent' }));
  return {
    app,
    composed,
    close: async () => {
      await app.close();
      await composed.state.store.close();
    },
  };
};

const readiness = async (running: Running) => {
  const response = await running.app.inject({ method: 'GET', url: '/readyz' });
  return { status: response.statusCode, blocked: String(response.json().store.sends_blocked ?? '') };
};

const approve = (running: Running, cardId: string) =>
  running.app.inject({ method: 'POST', url: `/api/cards/${cardId}/approve`, headers: { 'x-dashboard-token': TOKEN } });

/** A pending Tier 1 card for the lead with this id (same id: same e-mail, same person). */
const pendingCardFor = async (running: Running, leadId: string, cardId: string) => {
  const { store } = running.composed.services.deps;
  const existing = (await store.getLead(aLead(leadId).id))._unsafeUnwrap();
  const lead = existing ?? (await store.putLead(aLead(leadId), null))._unsafeUnwrap();
  (await store.putCard(aCard(cardId, lead, { status: 'pending' }), null))._unsafeUnwrap();
};

const sentCount = async (running: Running) => (await listAllLedger(running.composed.services.deps.store, { state: 'sent' }))._unsafeUnwrap().length;

describe('the Redis data-loss guard', () => {
  it('Redis emptied: a restart with the whole environment unchanged (REDIS_INIT_EPOCH=true included) sends nothing and stays unready, also after new records; init refuses; accept-loss re-imports, then releases', async () => {
    const env: Record<string, string> = {
      STATE_DIR: tempDir('loss'),
      STATE_BACKEND: 'redis',
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: PREFIX,
      // Left in the environment, as in the incident: it must do nothing.
      REDIS_INIT_EPOCH: 'true',
      SEND_MODE: 'sandbox',
      DEMO_SEED: 'false',
      LOG_LEVEL: 'silent',
      DASHBOARD_AUTH_TOKEN: TOKEN,
      SUPERVISED_SEND_WINDOW_OVERRIDE: 'true',
      DAILY_SEND_CAP: '50',
    };
    expect((await loadConfiguration(env))._unsafeUnwrap().config.retiredVariables.map((r) => r.variable)).toEqual(['REDIS_INIT_EPOCH']);

    // First deployment: the app never creates the marker; readiness says what to run.
    let app = await start(env);
    expect(await readiness(app)).toMatchObject({ status: 503, blocked: expect.stringContaining('caio state init') });
    const refusedPrefix = await caio(['state', 'init', '--confirm-prefix', 'some-other-prefix'], env);
    expect(refusedPrefix.code).toBe(1);
    const init = await caio(['state', 'init', '--confirm-prefix', PREFIX, '--actor', 'ops-alice'], env);
    expect(init.err).toBe('');
    expect(init.code).toBe(0);
    expect(await readiness(app)).toMatchObject({ status: 200 });

    // Ada is e-mailed; a backup is exported.
    await recordSend({ deps: app.composed.services.deps } as never, 'ada', new Date().toISOString(), { state: 'sent', receipt: { messageId: 'm-1' } });
    expect(await sentCount(app)).toBe(1);
    const backup = join(tempDir('backup'), 'records.jsonl');
    expect((await caio(['state', 'export', '--out', backup], env)).code).toBe(0);
    await app.close();

    // Redis loses everything; the app restarts with the same environment.
    const admin = new Redis(redis.url);
    admin.on('error', () => undefined);
    await admin.flushall();
    app = await start(env);
    expect(await readiness(app)).toMatchObject({ status: 503, blocked: expect.stringContaining('caio state accept-loss') });
    // The database is empty again (the restart wrote only its controls and audit), yet an
    // init refuses: this deployment saw a marker on this prefix.
    const early = await caio(['state', 'init', '--confirm-prefix', PREFIX], env);
    expect(early.code).toBe(1);
    expect(early.err).toContain('this deployment saw epoch marker');
    await pendingCardFor(app, 'ada', 'card_ada_again');
    const denied = await approve(app, 'card_ada_again');
    expect(denied.statusCode).toBe(503);
    expect(denied.json()).toMatchObject({ error: 'StoreBlocked', message: expect.stringContaining('epoch marker') });
    expect(denied.body).not.toContain('outside_send_window');
    // The pre-flight names the block too.
    const trace = await app.app.inject({ method: 'GET', url: '/api/queue/trace', headers: { 'x-dashboard-token': TOKEN } });
    expect(trace.json()).toMatchObject({ sends_blocked: expect.stringContaining('epoch marker') });
    expect(await sentCount(app)).toBe(0);
    await app.close();

    // Again, after new records were written since the loss.
    app = await start(env);
    expect(await readiness(app)).toMatchObject({ status: 503 });
    expect((await approve(app, 'card_ada_again')).statusCode).toBe(503);
    expect(await sentCount(app)).toBe(0);
    expect(await admin.get(`{${PREFIX}:send}:epoch`)).toBeNull();

    // An init cannot hide the loss: the prefix holds records and this deployment saw a marker.
    const reinit = await caio(['state', 'init', '--confirm-prefix', PREFIX], env);
    expect(reinit.code).toBe(1);
    expect(reinit.err).toContain('accept-loss');
    expect(await readiness(app)).toMatchObject({ status: 503 });

    // Accepting the loss: usage and sources are checked before anything changes.
    expect((await caio(['state', 'accept-loss', '--reason', 'Redis volume lost'], env)).code).toBe(2);
    expect((await caio(['state', 'accept-loss', '--reason', 'Redis volume lost', '--from', join(tempDir('empty'), 'missing.jsonl'), '--confirm-prefix', PREFIX], env)).code).toBe(1);
    expect(await readiness(app)).toMatchObject({ status: 503 });
    const accepted = await caio(['state', 'accept-loss', '--reason', 'Redis volume lost on 12-01; providers checked', '--from', backup, '--confirm-prefix', PREFIX, '--actor', 'ops-alice'], env);
    expect(accepted.err).toBe('');
    expect(accepted.code).toBe(0);
    expect(accepted.out).toContain('re-imported');
    expect(await readiness(app)).toMatchObject({ status: 200 });

    // Ada's first touch is known again: the card written after the loss is not sent.
    const second = await approve(app, 'card_ada_again');
    expect(second.statusCode).toBe(200);
    expect(second.json().send).toMatchObject({ result: 'denied', denials: [expect.objectContaining({ rule: 'already_first_touched' })] });
    expect(await sentCount(app)).toBe(1);
    const audit = (await app.composed.services.deps.store.listAudit({ limit: 500 }))._unsafeUnwrap();
    expect(audit.find((a) => a.action === 'state.loss_accepted')).toMatchObject({ trace: { actor: 'cli:ops-alice' }, detail: { reason: 'Redis volume lost on 12-01; providers checked', imported: expect.objectContaining({ first_touch: 2, ledger: 1 }) } });
    // Nothing to accept twice.
    expect((await caio(['state', 'accept-loss', '--reason', 'Redis volume lost again?', '--nothing-to-import', '--confirm-prefix', PREFIX], env)).code).toBe(1);
    admin.disconnect();
    await app.close();
  }, 60_000);

  it('rebuilds first touches from an audit archive when that is all that is left', async () => {
    const prefix = `${PREFIX}-audit`;
    const env: Record<string, string> = { STATE_DIR: tempDir('loss-audit'), STATE_BACKEND: 'redis', REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, SEND_MODE: 'sandbox', DEMO_SEED: 'false', LOG_LEVEL: 'silent', DASHBOARD_AUTH_TOKEN: TOKEN, SUPERVISED_SEND_WINDOW_OVERRIDE: 'true' };
    expect((await caio(['state', 'init', '--confirm-prefix', prefix], env)).code).toBe(0);
    let app = await start(env);
    await pendingCardFor(app, 'grace', 'card_grace');
    const sent = await approve(app, 'card_grace');
    expect(sent.json().send).toMatchObject({ result: 'sent' });
    await app.close();
    const archive = join(tempDir('archive'), 'audit.jsonl');
    expect((await caio(['audit', 'archive', '--before', '0d', '--out', archive, '--yes'], env)).code).toBe(0);
    const admin = new Redis(redis.url);
    admin.on('error', () => undefined);
    await admin.flushall();
    admin.disconnect();
    expect((await caio(['state', 'accept-loss', '--reason', 'only the audit archive survived', '--from', archive, '--confirm-prefix', prefix], env)).code).toBe(0);
    app = await start(env);
    expect(await readiness(app)).toMatchObject({ status: 200 });
    await pendingCardFor(app, 'grace', 'card_grace_again');
    const again = await approve(app, 'card_grace_again');
    expect(again.json().send).toMatchObject({ result: 'denied', denials: [expect.objectContaining({ rule: 'already_first_touched' })] });
    await app.close();
  }, 60_000);
});
