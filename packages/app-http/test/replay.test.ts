import { approveCard, DENIALS, evaluateSendPolicy, setEmergencyStop, type PolicyContext, type TraceEnvelope, type TraceId } from '@caio/core';
import { aCard, aLead } from '@caio/testkit';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command, Io } from '../src/cli/command.js';
import { replayCommand, replayCommandOver } from '../src/cli/commands/replay.js';
import { replayRecordCommand } from '../src/cli/commands/replay-record.js';
import { dispatch } from '../src/cli/dispatch.js';
import { openLocalCore } from '../src/cli/local-core.js';
import { DEFAULT_REPLAY_CASES_DIR } from '../src/replay/default-corpus.js';
import { loadReplayCases } from '../src/replay/load-replay-cases.js';
import { replayGate } from '../src/replay/replay-gate.js';
import { readReplayPassRate } from '../src/replay/replay-pass-rate.js';

const run = async (commands: readonly Command[], argv: readonly string[], env: Record<string, string>) => {
  let out = '';
  let err = '';
  // Neither replay command asks anything: a question would be a bug, answered no.
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), confirm: async () => false };
  const code = await dispatch(commands, argv, env, io);
  return { code, out, err };
};
const caio = (argv: readonly string[], env: Record<string, string>) => run([replayCommand, replayRecordCommand], argv, env);

const tempDir = (label: string): string => mkdtempSync(join(tmpdir(), `caio-replay-${label}-`));
const stateEnv = (): Record<string, string> => ({ STATE_DIR: tempDir('state'), SEND_MODE: 'sandbox', DEMO_SEED: 'false', LOG_LEVEL: 'silent' });
const silent: Io = { out: () => undefined, err: () => undefined, confirm: async () => false };

/** The replay gate result recorded in the store the env names, as `caio readiness` reads it. */
const recorded = async (env: Record<string, string>) => {
  const core = (await openLocalCore(env, silent))!;
  try {
    return { passRate: await readReplayPassRate(core.deps.store), result: (await core.deps.store.getControls())._unsafeUnwrap().replayGate };
  } finally {
    await core.close();
  }
};

/** A policy with the emergency stop rule taken out: what a regression would look like. */
const ignoringTheStop = (context: PolicyContext) => evaluateSendPolicy({ ...context, controls: { ...context.controls, emergencyStop: { engaged: false } } });

const shippedCases = async () => (await loadReplayCases(DEFAULT_REPLAY_CASES_DIR))._unsafeUnwrap().map((l) => l.replayCase);

/** A directory holding the given case objects, one file each. */
const caseDir = (cases: readonly Record<string, unknown>[]): string => {
  const dir = tempDir('cases');
  for (const [i, c] of cases.entries()) writeFileSync(join(dir, `case-${String(i).padStart(4, '0')}.json`), JSON.stringify(c));
  return dir;
};
const allowedAt1530 = (name: string) => ({ name, covers: ['allowed baseline'], now: '2026-03-02T20:30:00Z', expect: { allowed: true } });

describe('the shipped replay corpus', () => {
  it('has at least 50 uniquely named cases; every rule is the expected denial of a case that says it covers it', async () => {
    const cases = await shippedCases();
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const rule of DENIALS) {
      expect(
        cases.some((c) => c.expect.denials.includes(rule) && c.covers.includes(rule)),
        `no case expects and covers ${rule}`,
      ).toBe(true);
    }
    expect(cases.every((c) => c.covers.length > 0)).toBe(true);
  });

  it('has allowed and denied cases on both DST transitions in New York and London, and at the cap boundary', async () => {
    const cases = await shippedCases();
    for (const label of ['DST start America/New_York', 'DST end America/New_York', 'DST start Europe/London', 'DST end Europe/London']) {
      const on = cases.filter((c) => c.covers.some((x) => x.startsWith(label)));
      expect(on.some((c) => c.expect.allowed), `${label}: an allowed case`).toBe(true);
      expect(on.some((c) => c.expect.denials.includes('outside_send_window') || c.expect.denials.includes('lead_quiet_hours')), `${label}: a denied case`).toBe(true);
    }
    expect(cases.some((c) => c.expect.allowed && c.history.sentToday === c.config.dailyCap - 1)).toBe(true);
    expect(cases.some((c) => c.expect.denials.includes('daily_cap_reached') && c.history.sentToday === c.config.dailyCap)).toBe(true);
  });

  it('passes at 1.0 through `caio replay`, and the pass rate is recorded in the store for `caio readiness`', async () => {
    const env = stateEnv();
    const result = await caio(['replay'], env);
    // Only progress lines on stderr (past 100 cases), no error.
    expect(result.err.split('\n').filter((l) => l && !/^replayed \d+\/\d+$/.test(l))).toEqual([]);
    expect(result.out).toMatch(/^replay: (\d+)\/\1 cases passed, pass rate 1\.000, minimum 0\.95: PASSED$/m);
    expect(result.code).toBe(0);
    expect(await recorded(env)).toMatchObject({ passRate: 1, result: { cases: (await shippedCases()).length, version: expect.stringMatching(/^\d+\.\d+\.\d+\+[0-9a-f]{12}$/) } });
  });
});

describe('the replay gate', () => {
  it('fails when the policy under test ignores the emergency stop', async () => {
    const cases = await shippedCases();
    const gate = replayGate(cases, 0.95, ignoringTheStop);
    expect(gate.gatePassed).toBe(false);
    expect(gate.failures.length).toBeGreaterThan(0);
    expect(gate.failures.every((f) => f.expected.includes('emergency_stop') && !f.actual.includes('emergency_stop'))).toBe(true);
    expect(replayGate(cases, 0.95).gatePassed).toBe(true);
  });

  it('exits 1 through the command when the policy is broken, names the failing cases, and still records the rate', async () => {
    const env = stateEnv();
    const result = await run([replayCommandOver(ignoringTheStop)], ['replay', '--min-pass-rate', '1'], env);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/FAIL emergency-stop-denies-an-otherwise-sendable-card \(.*emergency-stop-denies-an-otherwise-sendable-card\.json\)\n {2}expected: denied: emergency_stop\n {2}actual: {3}allowed/);
    expect(result.out).toMatch(/: FAILED\n$/);
    expect((await recorded(env)).passRate).toBeLessThan(1);
  });

  it('gates on --min-pass-rate: half the cases failing passes at 0.5 and fails at 0.51', async () => {
    const dir = caseDir([allowedAt1530('ok'), { ...allowedAt1530('recorded-wrongly'), expect: { allowed: false, denials: ['suppressed'] } }]);
    const env = stateEnv();
    const half = await caio(['replay', '--cases', dir, '--min-pass-rate', '0.5'], env);
    expect(half.code).toBe(0);
    expect(half.out).toContain('1/2 cases passed, pass rate 0.500, minimum 0.5: PASSED');
    const above = await caio(['replay', '--cases', dir, '--min-pass-rate', '0.51', '--json'], env);
    expect(above.code).toBe(1);
    expect(JSON.parse(above.out)).toMatchObject({ cases: 2, passed: 1, passRate: 0.5, gatePassed: false, failures: [{ name: 'recorded-wrongly', expected: 'denied: suppressed', actual: 'allowed' }] });
    expect((await recorded(env)).passRate).toBe(0.5);
  });

  it('compares the day and the cap when a case states them', async () => {
    const dir = caseDir([{ ...allowedAt1530('wrong-day'), expect: { allowed: true, dayKey: '2026-03-03', dailyCap: 5 } }]);
    const result = await caio(['replay', '--cases', dir, '--json'], stateEnv());
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out).failures[0]).toMatchObject({ expected: 'allowed; day 2026-03-03; cap 5', actual: 'allowed; day 2026-03-02; cap 5' });
  });

  it('shows progress on a large corpus', async () => {
    const dir = caseDir(Array.from({ length: 250 }, (_, i) => allowedAt1530(`case-${i}`)));
    const result = await caio(['replay', '--cases', dir], stateEnv());
    expect(result.code).toBe(0);
    expect(result.err).toBe('replayed 100/250\nreplayed 200/250\nreplayed 250/250\n');
  });
});

describe('bad input is a usage error (exit 2) and records nothing', () => {
  it.each([['1.5'], ['-0.1'], ['abc'], ['']])('--min-pass-rate %j', async (rate) => {
    const env = stateEnv();
    const result = await caio(['replay', `--min-pass-rate=${rate}`], env);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--min-pass-rate must be a number from 0 to 1');
    expect((await recorded(env)).result).toBeUndefined();
  });

  it('a case file that is not JSON names the file', async () => {
    const dir = caseDir([allowedAt1530('fine')]);
    writeFileSync(join(dir, 'broken.json'), '{ "name": ');
    const env = stateEnv();
    const result = await caio(['replay', '--cases', dir], env);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${join(dir, 'broken.json')}: not valid JSON`);
    expect((await recorded(env)).result).toBeUndefined();
  });

  it('a case that breaks the schema names the file and the field', async () => {
    const dir = caseDir([{ ...allowedAt1530('typo'), expect: { allowed: false, denials: ['emergency_stopp'] } }, { ...allowedAt1530('window'), config: { window: '15:00' } }]);
    const result = await caio(['replay', '--cases', dir], stateEnv());
    expect(result.code).toBe(2);
    expect(result.err).toMatch(new RegExp(`${join(dir, 'case-0000.json')}: expect\\.denials\\.0: `));
    const window = await caio(['replay', '--cases', caseDir([{ ...allowedAt1530('window'), config: { window: '15:00' } }])], stateEnv());
    expect(window.code).toBe(2);
    expect(window.err).toMatch(/case-0000\.json: config\.window: "15:00" is not a window/);
  });

  it('an unknown field, an inconsistent expectation, a duplicate name, an empty or missing directory', async () => {
    for (const bad of [
      { ...allowedAt1530('extra'), colour: 'blue' },
      { ...allowedAt1530('allowed-with-denial'), expect: { allowed: true, denials: ['suppressed'] } },
      { ...allowedAt1530('ghl-with-campaign'), card: { channel: 'ghl_email', campaign: 'mapped' } },
    ]) {
      expect((await caio(['replay', '--cases', caseDir([bad])], stateEnv())).code).toBe(2);
    }
    const twice = await caio(['replay', '--cases', caseDir([allowedAt1530('same'), allowedAt1530('same')])], stateEnv());
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('"same" is already the name of');
    expect((await caio(['replay', '--cases', tempDir('empty')], stateEnv())).err).toContain('no *.json case files');
    expect((await caio(['replay', '--cases', join(tempDir('gone'), 'nothing')], stateEnv())).code).toBe(2);
    expect((await caio(['replay', 'extra-argument'], stateEnv())).code).toBe(2);
    expect((await caio(['replay', '--unknown-flag'], stateEnv())).code).toBe(2);
  });

  it('replay record needs --out and a real date', async () => {
    expect((await caio(['replay', 'record'], stateEnv())).code).toBe(2);
    const since = await caio(['replay', 'record', '--out', tempDir('out'), '--since', 'yesterday-ish'], stateEnv());
    expect(since.code).toBe(2);
    expect(since.err).toContain('--since must be a date');
  });
});

describe('replay record', () => {
  const trace = (actor: string): TraceEnvelope => ({ traceId: `trace_${actor}_${Date.now()}` as TraceId, actor, at: new Date().toISOString(), origin: 'test' as never });

  /** A sandbox file store where reviewers approved three cards: one sent, one Tier 2, one under the stop. */
  const populatedStore = async (): Promise<Record<string, string>> => {
    const env = { STATE_DIR: tempDir('store'), SEND_MODE: 'sandbox', DEMO_SEED: 'false', LOG_LEVEL: 'silent' };
    const io: Io = { out: () => undefined, err: (t) => expect.fail(t), confirm: async () => false };
    const core = (await openLocalCore(env, io))!;
    try {
      const { deps } = core;
      const controls = (await deps.store.getControls())._unsafeUnwrap();
      // As SUPERVISED_SEND_WINDOW_OVERRIDE=true does at start-up: the test must not depend on the hour.
      await deps.store.putControls({ ...controls, sendWindowOverride: true, version: controls.version + 1 }, controls.version);
      for (const [id, tier] of [['ada', 'tier_1'], ['cy', 'tier_2'], ['bo', 'tier_1']] as const) {
        const lead = (await deps.store.putLead(aLead(id, { tier }), null))._unsafeUnwrap();
        await deps.store.putCard(aCard(`card_${id}`, lead, { tier }), null);
      }
      expect((await approveCard(deps, { cardId: 'card_ada' as never, trace: trace('reviewer') }))._unsafeUnwrap().send?._tag).toBe('Sent');
      expect((await approveCard(deps, { cardId: 'card_cy' as never, trace: trace('reviewer') }))._unsafeUnwrap().send).toMatchObject({ _tag: 'Denied', denials: [{ rule: 'supervised_tier_only' }] });
      await setEmergencyStop(deps, { engaged: true, reason: 'drill', trace: trace('ops') });
      expect((await approveCard(deps, { cardId: 'card_bo' as never, trace: trace('reviewer') }))._unsafeUnwrap().send).toMatchObject({ _tag: 'Denied', denials: [{ rule: 'emergency_stop' }] });
    } finally {
      await core.close();
    }
    return env;
  };

  it('writes one case per recorded decision, never overwrites, and the cases pass `caio replay`', async () => {
    const env = await populatedStore();
    const out = join(tempDir('recorded'), 'cases');
    const first = await caio(['replay', 'record', '--out', out], env);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('3 new case(s) written');
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(3);
    expect(files.every((f) => /^recorded-[A-Za-z0-9_.-]+\.json$/.test(f))).toBe(true);
    const recorded = files.map((f) => JSON.parse(readFileSync(join(out, f), 'utf8')) as { expect: { allowed: boolean; denials: string[] }; recordedFrom: { cardId: string } });
    expect(recorded.map((c) => [c.recordedFrom.cardId, c.expect.allowed ? 'allowed' : c.expect.denials.join()]).sort()).toEqual([
      ['card_ada', 'allowed'],
      ['card_bo', 'emergency_stop'],
      ['card_cy', 'supervised_tier_only'],
    ]);

    // A hand-edited case is kept as it is: record never overwrites.
    const edited = join(out, files[0]!);
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('"covers": [', '"covers": [\n    "kept by hand",'));
    const before = files.map((f) => readFileSync(join(out, f), 'utf8'));
    const again = await caio(['replay', 'record', '--out', out], env);
    expect(again.code).toBe(0);
    expect(again.out).toContain('0 new case(s) written');
    expect(again.out).toContain('3 already recorded');
    expect(files.map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(before);

    const future = await caio(['replay', 'record', '--out', tempDir('future'), '--since', '2999-01-01'], env);
    expect(future.code).toBe(0);
    expect(future.out).toContain('0 decision(s)');

    const replayed = await caio(['replay', '--cases', out, '--min-pass-rate', '1'], env);
    expect(replayed.code).toBe(0);
    expect(replayed.out).toContain('3/3 cases passed');
    const broken = await run([replayCommandOver(ignoringTheStop)], ['replay', '--cases', out], env);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('2/3 cases passed');
  });

  it('exits 1 and says why when an audited decision cannot be read back', async () => {
    const env = await populatedStore();
    const core = (await openLocalCore(env, { out: () => undefined, err: () => undefined, confirm: async () => false }))!;
    await core.deps.store.appendAudit({ id: 'audit_damaged', trace: trace('ops'), action: 'send.decided', detail: { decision: { allowed: true, denials: [] }, card: { channel: 'Fax!' } } });
    await core.close();
    const out = tempDir('partial');
    mkdirSync(out, { recursive: true });
    const result = await caio(['replay', 'record', '--out', out], env);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/not recorded: audit entry audit_damaged: now: .*; card\.channel: /);
    expect(readdirSync(out)).toHaveLength(3);
  });
});
