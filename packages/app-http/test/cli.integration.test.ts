import { createRedisClient, RedisDriftLedger } from '@caio/adapters-redis';
import { dispatchCard, type CardId, type DayRecord } from '@caio/core';
import { aCard, aClaim, aLead, FakeGhl, FakeInstantly } from '@caio/testkit';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/registry.js';
import { runStartup } from '../src/composition/startup.js';
import { caio, fileStoreEnv, recordSend, redisPrefixes, storeEnv, storeFingerprint, withCore } from './support/cli.js';
import { startTestApp, TOKEN } from './support/test-app.js';
import { liveProviderEnv } from './support/live-provider-env.js';
import { removeRedisPrefixes, TEST_REDIS_URL } from './support/redis-cleanup.js';

const DAY_MS = 86_400_000;

// The Redis-backed runs' keys.
afterAll(async () => removeRedisPrefixes(redisPrefixes));
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString();
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('caio: help and dispatch', () => {
  it('--help lists every command; unknown commands and options are usage errors', async () => {
    const help = await caio(['--help'], {});
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.out).toContain(`  ${command.name}`);
    expect((await caio(['launch-rockets'], {})).code).toBe(2);
    const usage = await caio(['pipeline', 'run', '--help'], {});
    expect(usage).toMatchObject({ code: 0, out: expect.stringContaining('Usage: caio pipeline run --source LABEL') });
    expect(await caio(['quality-report', '--bogus'], {})).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--bogus'") });
  });

  it('the built bin answers --help and refuses an unknown command, as a process', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, [MAIN, '--help']);
    expect(stdout).toContain('reconcile resolve');
    await expect(run(process.execPath, [MAIN, 'nope'])).rejects.toMatchObject({ code: 2 });
  });
});

describe.each(['file', 'redis'] as const)('caio leads import and pipeline run (%s store)', (backend) => {
  it('imports CSV rows (refusing bad ones, exit 1), then crafts and queues cards; a dry run writes nothing', async () => {
    const env = await storeEnv(backend);
    const csv = join(env.STATE_DIR!, '..', `leads-${process.pid}-${Date.now()}.csv`);
    writeFileSync(
      csv,
      [
        'email,linkedin_url,first_name,company,tier,tech_stack,hiring',
        `ada@acme.example,https://www.linkedin.com/in/ada/,Ada,Acme,1,"['Segment', 'Snowflake']",`,
        'bob@beta.example,,Bob,"{{company}}",1,HubSpot,',
        ',,No,Identity,1,,',
        'cy@gamma.example,,Cy,Gamma,tier_2,,SDRs',
        'di@delta.example,,Di,Delta,tier_2,,',
      ].join('\n'),
    );
    const imported = await caio(['leads', 'import', csv, '--source-label', 'webinar'], env);
    expect(imported.code).toBe(1);
    expect(imported.out).toContain('4 lead(s) created, 0 merged, 1 refused');
    expect(imported.out).toContain("row 3: a lead needs an email or a LinkedIn profile URL");
    expect((await caio(['leads', 'import', csv, '--source-label', 'webinar'], env)).out).toContain('0 lead(s) created, 4 merged');

    const before = await storeFingerprint(env);
    const dry = await caio(['pipeline', 'run', '--source', 'webinar', '--limit', '10', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('2 card(s) would be queued (dry run: nothing written)');
    expect(await storeFingerprint(env)).toEqual(before);

    const run = await caio(['pipeline', 'run', '--source', 'webinar', '--limit', '10'], env);
    expect(run.code).toBe(0);
    expect(run.out).toContain('2 card(s) queued for review');
    expect(run.out).toMatch(/held back\s+quality gate: unresolved placeholder \{\{company\}\}/);
    expect(run.out).toMatch(/held back\s+no signal to personalise from/);
    expect(run.out).toContain('Segment and Snowflake');
    const cards = await withCore(env, async (core) => (await core.deps.store.listCards({ status: 'pending', limit: 10 }))._unsafeUnwrap().items);
    expect(cards).toHaveLength(2);
    expect((await caio(['pipeline', 'run', '--source', 'webinar', '--limit', '10'], env)).out).toContain('0 card(s) queued');
    expect((await caio(['pipeline', 'run', '--limit', '10'], env)).code).toBe(2);
    expect((await caio(['leads', 'import', join(env.STATE_DIR!, 'missing.csv')], env)).code).toBe(2);
  });
});

describe.each(['file', 'redis'] as const)('caio cadence (%s store)', (backend) => {
  it('needs CADENCES; the dry run plans without writing; the tick queues each follow-up once', async () => {
    expect((await caio(['cadence', '--dry-run'], await storeEnv(backend))).code).toBe(2);
    const env = await storeEnv(backend, { CADENCES: 'ghl_email=3' });
    await withCore(env, async (core) => {
      await recordSend(core, 'ada', daysAgo(4), { state: 'sent', receipt: { messageId: 'm1' } });
      await recordSend(core, 'bob', daysAgo(1), { state: 'sent', receipt: { messageId: 'm2' } });
    });
    const before = await storeFingerprint(env);
    const plan = await caio(['cadence', '--dry-run'], env);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('1 follow-up(s) due, 1 held (dry run: nothing written)');
    expect(plan.out).toMatch(/card_bob\s+1\s+not_due/);
    expect(await storeFingerprint(env)).toEqual(before);
    expect((await caio(['cadence'], env)).code).toBe(2);
    expect((await caio(['cadence', 'tick'], env)).out).toContain('1 follow-up card(s) queued for review, 1 held');
    expect((await caio(['cadence', 'tick'], env)).out).toMatch(/card_ada\s+1\s+already_planned/);
  });
});

describe.each(['file', 'redis'] as const)('caio reconcile (%s store)', (backend) => {
  it('lists unknown sends (exit 1) until an operator resolves them, with confirmation, audited', async () => {
    const env = await storeEnv(backend);
    const clean = await caio(['reconcile'], env);
    expect(clean).toMatchObject({ code: 0, out: expect.stringContaining('no unknown sends') });
    expect(clean.out).toContain(`store drift: not applicable (STATE_BACKEND=${backend})`);
    await withCore(env, (core) => recordSend(core, 'ada', daysAgo(0), { state: 'unknown', reason: 'provider timed out after the request left' }));
    const listed = await caio(['reconcile'], env);
    expect(listed.code).toBe(1);
    expect(listed.out).toMatch(/card_ada\s+0\s+ghl_email\s+.*provider timed out/);

    const unconfirmed = await caio(['reconcile', 'resolve', 'card_ada', '--sent', '--note', 'found it in GHL'], env, false);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.questions).toEqual([expect.stringContaining('Record card card_ada step 0 as SENT')]);
    expect((await caio(['reconcile'], env)).code).toBe(1);
    expect((await caio(['reconcile', 'resolve', 'card_ada', '--sent', '--not-sent', '--note', 'x'], env)).code).toBe(2);
    expect((await caio(['reconcile', 'resolve', 'card_ada', '--sent', '--note', 'ok'], env, true)).code).toBe(2);

    const resolved = await caio(['reconcile', 'resolve', 'card_ada', '--sent', '--note', 'found it in GHL', '--actor', 'ops:maria'], env, true);
    expect(resolved).toMatchObject({ code: 0, out: expect.stringContaining('card card_ada step 0 is now sent') });
    expect((await caio(['reconcile'], env)).code).toBe(0);
    expect((await caio(['reconcile', 'resolve', 'card_ada', '--not-sent', '--note', 'second thoughts', '--yes'], env)).code).toBe(1);
    const audit = await withCore(env, async (core) => (await core.deps.store.listAudit({ cardId: 'card_ada' as CardId, limit: 50 }))._unsafeUnwrap());
    expect(audit).toContainEqual(expect.objectContaining({ action: 'send.resolved_sent', trace: expect.objectContaining({ actor: 'ops:maria', origin: 'cli' }) }));
  });

  it('lists claims still sending past the recovery threshold as in doubt (exit 1) until recovery makes them unknown', async () => {
    const env = await storeEnv(backend);
    // What a kill -9 mid-send leaves: claims still `sending`, one 3.3 minutes old, one just made.
    await withCore(env, async (core) => {
      await recordSend(core, 'ada', new Date(Date.now() - 198_000).toISOString(), null);
      await recordSend(core, 'bob', new Date(Date.now() - 10_000).toISOString(), null);
    });
    const listed = await caio(['reconcile', '--json'], env);
    expect(listed.code).toBe(1);
    const report = JSON.parse(listed.out) as { unknown: unknown[]; inDoubt: { cardId: string; state: string }[] };
    expect(report.unknown).toEqual([]);
    expect(report.inDoubt).toEqual([expect.objectContaining({ cardId: 'card_ada', state: 'sending' })]);
    expect((await caio(['reconcile'], env)).out).toMatch(/card_ada\s+0\s+ghl_email[\s\S]*1 send\(s\) in doubt/);
    // A restart's recovery turns it unknown and says so; reconcile still gates (unknown), now with the resolve hint.
    const report2 = await withCore(env, (core) => runStartup(core.deps, core.config));
    expect(report2).toMatchObject({ recoveredUnknown: 1, stillSending: 1 });
    const after = JSON.parse((await caio(['reconcile', '--json'], env)).out) as { unknown: { cardId: string }[]; inDoubt: unknown[] };
    expect(after).toMatchObject({ unknown: [expect.objectContaining({ cardId: 'card_ada' })], inDoubt: [] });
  });
});

describe('caio reconcile (dual store)', () => {
  it('reports dual-store drift (exit 1) and repairs it from the primary', async () => {
    const env = await storeEnv('redis', { STATE_BACKEND: 'dual' });
    await withCore(env, async (core) => {
      await core.deps.store.putLead(aLead('drifty'), null);
    });
    const drift = await caio(['reconcile'], env);
    expect(drift.code).toBe(1);
    expect(drift.out).toMatch(/only_in_primary\s+no/);
    const repaired = await caio(['reconcile', '--repair-drift'], env);
    expect(repaired.out).toMatch(/\d+ repaired, 0 only in the file store/);
    expect(repaired.code).toBe(0);
    const after = await caio(['reconcile'], env);
    expect(after.out).toContain('0 differ');
    expect(after.code).toBe(0);
  });

  it('a drift block persisted by any instance blocks sends after a restart, is listed, and --repair-drift clears it', async () => {
    const env = await storeEnv('redis', { STATE_BACKEND: 'dual', STATE_FILE_FALLBACK_WRITE: 'true' });
    const lead = aLead('blocked');
    const card = { ...aCard('card_blocked', lead), status: 'queued' as const, approvedBy: 'reviewer' };
    await withCore(env, async (core) => {
      await core.deps.store.putLead(lead, null);
      await core.deps.store.putCard(card, null);
    });
    // What an instance records when the file store refused a write it made (a partial write).
    const client = createRedisClient({ url: TEST_REDIS_URL });
    await client.connect();
    await new RedisDriftLedger(client, env.REDIS_KEY_PREFIX!).record([{ key: 'card:card_blocked', kind: 'partial_write', operation: 'putCard', detectedAt: '2026-03-02T20:30:00.000Z', detail: 'secondary refused: ENOSPC' }]);
    client.disconnect();

    // A newly started instance refuses to send the card.
    const claim = await withCore(env, async (core) => core.deps.store.claimSend(aClaim({ ...card, version: 1 })));
    expect(claim._unsafeUnwrapErr()).toMatchObject({ _tag: 'StoreBlocked', reason: expect.stringContaining('card:card_blocked') });

    const listed = await caio(['reconcile'], env);
    expect(listed.code).toBe(1);
    expect(listed.out).toMatch(/card:card_blocked\s+partial_write\s+2026-03-02T20:30:00.000Z\s+putCard/);
    expect(listed.out).toContain('drift blocks: 1 key(s) blocked for sending');

    const repaired = await caio(['reconcile', '--repair-drift'], env);
    expect(repaired.out).toContain('drift blocks: 0 key(s) blocked for sending');
    expect(repaired.code).toBe(0);
    expect((await withCore(env, async (core) => core.deps.store.claimSend(aClaim({ ...card, version: 1 })))).isOk()).toBe(true);
  });
});

describe.each(['file', 'redis'] as const)('caio quality-report (%s store)', (backend) => {
  it('counts gate hits per check and per day over fresh cards, with rejection tags', async () => {
    const env = await storeEnv(backend);
    await withCore(env, async (core) => {
      const at = daysAgo(1);
      const lead = (await core.deps.store.putLead(aLead('ada', {}, at), null))._unsafeUnwrap();
      await core.deps.store.putCard(aCard('card_weak', lead, { quality: { passed: false, hits: [{ check: 'weak_opener', field: 'opener', detail: 'weak opener "I hope"' }] } }, at), null);
      await core.deps.store.putCard(aCard('card_raw', lead, { quality: { passed: false, hits: [{ check: 'raw_data_literal', field: 'body', detail: "['6sense']" }] } }, at), null);
      await core.deps.store.putCard(aCard('card_good', lead, {}, at), null);
      await core.deps.store.putCard(aCard('card_old', lead, { quality: { passed: false, hits: [{ check: 'weak_opener', field: 'opener', detail: 'old' }] } }, daysAgo(40)), null);
    });
    const report = await caio(['quality-report'], env);
    expect(report.code).toBe(0);
    expect(report.out).toContain('failed the quality gate: 2');
    expect(report.out).toMatch(/weak_opener\s+1\s+33\.3%/);
    expect(report.out).toMatch(/raw_data_literal\s+1\s+33\.3%/);
    const all = JSON.parse((await caio(['quality-report', '--since', daysAgo(60).slice(0, 10), '--json'], env)).out);
    expect(all.quality).toMatchObject({ cards: 4, failedGate: 3 });
    expect((await caio(['quality-report', '--since', 'last week'], env)).code).toBe(2);
  });
});

describe('caio verify-send', () => {
  let ghl: FakeGhl;
  let instantly: FakeInstantly;
  beforeAll(async () => {
    [ghl, instantly] = await Promise.all([new FakeGhl().start(), new FakeInstantly().start()]);
  });
  afterAll(async () => {
    await Promise.all([ghl.stop(), instantly.stop()]);
  });

  it.each(['file', 'redis'] as const)('a sandbox send is reported as a store record; unknown and unsent cards fail (%s store)', async (backend) => {
    const env = await storeEnv(backend);
    await withCore(env, async (core) => {
      await recordSend(core, 'ada', daysAgo(0), { state: 'sent', receipt: { messageId: 'sandbox-attempt_card_ada' } }, { sandbox: true });
      await recordSend(core, 'bob', daysAgo(0), { state: 'unknown', reason: 'reset' });
    });
    expect(await caio(['verify-send', 'card_ada'], env)).toMatchObject({ code: 0, out: expect.stringContaining('sandbox send recorded') });
    expect(await caio(['verify-send', 'card_bob'], env)).toMatchObject({ code: 1, err: expect.stringContaining('is unknown, not sent') });
    expect(await caio(['verify-send', 'card_nobody'], env)).toMatchObject({ code: 1, err: expect.stringContaining('no send is recorded') });
    expect((await caio(['verify-send'], env)).code).toBe(2);
  });

  it('asks live GHL for the message by id and records the answer', async () => {
    const env = fileStoreEnv({
      ...liveProviderEnv({ ghl, instantly }),
      SEND_CHANNELS: 'ghl_email,instantly',
      DASHBOARD_AUTH_TOKEN: 'cli-dashboard-token-0123456789abcdef',
      WEBHOOK_SIGNATURE_REQUIRED: 'false',
    });
    await withCore(env, async (core) => {
      const controls = (await core.deps.store.getControls())._unsafeUnwrap();
      await core.deps.store.putControls({ ...controls, sendWindowOverride: true, version: controls.version + 1 }, controls.version);
      const lead = (await core.deps.store.putLead(aLead('ada'), null))._unsafeUnwrap();
      await core.deps.store.putCard({ ...aCard('card_live', lead, { status: 'approved' }), approvedBy: 'reviewer' }, null);
      const sent = (await dispatchCard(core.deps, { cardId: 'card_live' as CardId, trace: { traceId: 't' as never, actor: 'test', at: new Date().toISOString(), origin: 'test' } }))._unsafeUnwrap();
      expect(sent._tag).toBe('Sent');
      await recordSend(core, 'ghost', daysAgo(0), { state: 'sent', receipt: { messageId: 'msg_never_sent' } });
      await recordSend(core, 'inst', daysAgo(0), { state: 'sent', receipt: { id: 'lead_1' } }, { channel: 'instantly', campaignId: 'cmp' });
    });
    expect(ghl.messages.size).toBe(1);
    expect(await caio(['verify-send', 'card_live'], env)).toMatchObject({ code: 0, out: expect.stringContaining('verified: ghl_email has message') });
    expect(await caio(['verify-send', 'card_ghost'], env)).toMatchObject({ code: 1, err: expect.stringContaining('NOT FOUND: ghl_email has no message msg_never_sent') });
    expect(await caio(['verify-send', 'card_inst'], env)).toMatchObject({ code: 1, err: expect.stringContaining('instantly offers no lookup') });
    const audit = await withCore(env, async (core) => [
      ...(await core.deps.store.listAudit({ cardId: 'card_live' as CardId, limit: 50 }))._unsafeUnwrap(),
      ...(await core.deps.store.listAudit({ cardId: 'card_ghost' as CardId, limit: 50 }))._unsafeUnwrap(),
    ]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['send.verified', 'send.verification_failed']));
  });
});

describe('caio readiness', () => {
  it('is NO-GO (exit 1) with each criterion on a fresh file store', async () => {
    const run = await caio(['readiness'], fileStoreEnv());
    expect(run.code).toBe(1);
    for (const name of ['clean_days', 'webhook_strict', 'header_only_auth', 'redis_only_state', 'replay_gate', 'rejection_ratio_not_rising']) expect(run.out).toContain(name);
    expect(run.out).toContain('autonomy: NO-GO');
  });

  it('is GO (exit 0) on Redis with clean days and a passing replay gate', async () => {
    const env = await storeEnv('redis');
    await withCore(env, async (core) => {
      for (const n of [1, 2, 3]) {
        const day = daysAgo(n).slice(0, 10);
        const record: DayRecord = { day, liveSends: 3, gateFailures: 0, unresolvedSends: 0, clean: true, computedAt: daysAgo(0) };
        await core.deps.store.putDayRecord(record);
      }
    });
    // The replay gate runs once for every instance: its result is in the store, not beside one instance.
    expect((await caio(['replay'], env)).code).toBe(0);
    const run = await caio(['readiness'], env);
    expect(run.out).toContain('autonomy: GO');
    expect(run.code).toBe(0);
  });
});

describe('caio trace-queue', () => {
  it('prints the pending-queue trace of a running app; a wrong token or no app is exit 1', async () => {
    const { app, store, clock } = await startTestApp();
    const lead = (await store.putLead(aLead('ada'), null))._unsafeUnwrap();
    await store.putCard(aCard('card_pending', lead, {}), null);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    try {
      const ok = await caio(['trace-queue', '--base-url', base, '--json'], { CAIO_DASHBOARD_TOKEN: TOKEN });
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.out)).toMatchObject({ total_pending: 1 });
      expect((await caio(['trace-queue', '--base-url', base], { CAIO_DASHBOARD_TOKEN: TOKEN })).out).toMatch(/total_pending\s+1/);
      expect(await caio(['trace-queue', '--base-url', base], { CAIO_DASHBOARD_TOKEN: 'wrong-token-0123456789abcdefghij' })).toMatchObject({ code: 1, err: expect.stringContaining('answered 401') });
      expect((await caio(['trace-queue', '--base-url', base], {})).code).toBe(2);
      // A claim left sending past the recovery threshold (a dispatcher killed mid-send): in doubt, exit 1.
      const bob = (await store.putLead(aLead('bob'), null))._unsafeUnwrap();
      const queued = (await store.putCard({ ...aCard('card_bob', bob, { status: 'queued' }), approvedBy: 'reviewer' }, null))._unsafeUnwrap();
      (await store.claimSend(aClaim(queued, { trace: { traceId: 't' as never, actor: 'test', at: clock.now().toISOString(), origin: 'test' } })))._unsafeUnwrap();
      clock.advance(198_000);
      const doubt = await caio(['trace-queue', '--base-url', base, '--json'], { CAIO_DASHBOARD_TOKEN: TOKEN });
      expect(doubt).toMatchObject({ code: 1, err: expect.stringContaining('1 send(s) in doubt') });
      expect(JSON.parse(doubt.out)).toMatchObject({ in_doubt_sends: 1, in_doubt_card_ids: ['card_bob'], unknown_outcomes: 0 });
    } finally {
      await app.close();
    }
    expect(await caio(['trace-queue', '--base-url', base], { CAIO_DASHBOARD_TOKEN: TOKEN })).toMatchObject({ code: 1, err: expect.stringContaining('cannot reach') });
  });
});
