import { evaluateSendPolicy, recordReplayGate, type TraceId } from '@caio/core';
import { parseArgs } from 'node:util';
import { DEFAULT_REPLAY_CASES_DIR } from '../../replay/default-corpus.js';
import { loadReplayCases } from '../../replay/load-replay-cases.js';
import { replayGate } from '../../replay/replay-gate.js';
import type { DecidePolicy } from '../../replay/run-replay.js';
import { EXIT, type Command } from '../command.js';
import { runningVersion } from '../../replay/running-version.js';
import { withLocalCore } from '../local-core.js';

const PROGRESS_EVERY = 100;

const parseRate = (raw: string): number | null => {
  const rate = raw.trim() === '' ? Number.NaN : Number(raw);
  return Number.isFinite(rate) && rate >= 0 && rate <= 1 ? rate : null;
};

/**
 * `caio replay` over a given policy. The CLI registers it with core's policy; tests build
 * one over a deliberately broken policy to prove the gate catches it (no flag exposes this).
 */
export const replayCommandOver = (decide: DecidePolicy): Command => ({
  name: 'replay',
  summary: 'replay recorded send decisions through the policy and gate on the pass rate (exit 1 below the minimum)',
  usage: 'caio replay [--cases DIR] [--min-pass-rate R (0..1, default 0.95)] [--json]',
  async run(args, env, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { cases: { type: 'string' }, 'min-pass-rate': { type: 'string', default: '0.95' }, json: { type: 'boolean' } },
      allowPositionals: true,
    });
    const minPassRate = parseRate(values['min-pass-rate']);
    if (minPassRate === null || positionals.length > 0) {
      io.err(`${minPassRate === null ? `--min-pass-rate must be a number from 0 to 1, not "${values['min-pass-rate']}"` : `unexpected argument: ${positionals[0]}`}\n\nUsage: ${this.usage}\n`);
      return EXIT.usage;
    }
    const dir = values.cases ?? DEFAULT_REPLAY_CASES_DIR;
    const loaded = await loadReplayCases(dir);
    if (loaded.isErr()) {
      io.err(`${loaded.error.message}\n`);
      return EXIT.usage;
    }
    if (loaded.value.length === 0) {
      io.err(`no *.json case files in ${dir}: an empty corpus proves nothing\n`);
      return EXIT.usage;
    }
    const fileOf = new Map(loaded.value.map((l) => [l.replayCase.name, l.file]));
    const total = loaded.value.length;
    const result = replayGate(
      loaded.value.map((l) => l.replayCase),
      minPassRate,
      decide,
      (done) => {
        if (total > PROGRESS_EVERY && (done % PROGRESS_EVERY === 0 || done === total)) io.err(`replayed ${done}/${total}\n`);
      },
    );
    const recorded = await withLocalCore(env, io, async ({ deps }) => {
      const at = deps.clock.now().toISOString();
      const trace = { traceId: `trace_replay_${Date.parse(at)}` as TraceId, actor: `cli:${env.USER ?? 'operator'}`, at, origin: 'cli' as const };
      const done = await recordReplayGate(deps, { result: { passRate: result.passRate, cases: result.total, at, version: runningVersion() }, trace });
      if (done.isErr()) io.err(`the pass rate could not be recorded in the store: ${done.error._tag}\n`);
      return done.isOk() ? EXIT.ok : EXIT.gateFailed;
    });
    if (recorded !== EXIT.ok) return recorded;
    const verdict = result.gatePassed ? 'PASSED' : 'FAILED';
    if (values.json) {
      const failures = result.failures.map((f) => ({ ...f, file: fileOf.get(f.name) }));
      io.out(`${JSON.stringify({ cases: result.total, passed: result.passedCount, passRate: result.passRate, minPassRate, gatePassed: result.gatePassed, failures }, null, 2)}\n`);
    } else {
      for (const f of result.failures) io.out(`FAIL ${f.name} (${fileOf.get(f.name)})\n  expected: ${f.expected}\n  actual:   ${f.actual}\n`);
      io.out(`replay: ${result.passedCount}/${result.total} cases passed, pass rate ${result.passRate.toFixed(3)}, minimum ${minPassRate}: ${verdict}\n`);
    }
    return result.gatePassed ? EXIT.ok : EXIT.gateFailed;
  },
});

/**
 * `caio replay [--cases DIR] [--min-pass-rate R] [--json]`: runs recorded decisions
 * through the current send policy and gates on the share that still decide the same.
 * The pass rate is recorded in the store (for `caio readiness`, the go/no-go and its breaker,
 * on every instance) whether the gate passed or not, with the running code's version.
 */
export const replayCommand: Command = replayCommandOver(evaluateSendPolicy);
