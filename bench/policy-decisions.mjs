// Send-policy decisions per second of the core: evaluateSendPolicy over the contexts of
// the replay corpus (packages/app-http/replay-cases: every rule, allowed and denied,
// several time zones and DST edges), in turn. An absolute figure: it is printed with the
// machine's description, since there is no second thing to divide it by.
import { evaluateSendPolicy } from '@caio/core';
import { DEFAULT_REPLAY_CASES_DIR } from '../packages/app-http/dist/replay/default-corpus.js';
import { loadReplayCases } from '../packages/app-http/dist/replay/load-replay-cases.js';
import { contextOf } from '../packages/app-http/dist/replay/run-replay.js';
import { median } from './measure.mjs';

const ROUND_MS = 1_500;

export const run = async () => {
  const cases = (await loadReplayCases(DEFAULT_REPLAY_CASES_DIR))._unsafeUnwrap();
  const contexts = cases.map((c) => contextOf(c.replayCase)._unsafeUnwrap());
  // Warm-up: let the JIT settle before timing.
  for (let i = 0; i < 20_000; i++) evaluateSendPolicy(contexts[i % contexts.length]);
  let allowed = 0;
  const perSecond = await median(3, async () => {
    let decisions = 0;
    const started = process.hrtime.bigint();
    let elapsedNs = 0n;
    while (elapsedNs < BigInt(ROUND_MS) * 1_000_000n) {
      // Check the clock every 1,000 decisions, not every one.
      for (let i = 0; i < 1_000; i++) {
        if (evaluateSendPolicy(contexts[(decisions + i) % contexts.length]).allowed) allowed++;
      }
      decisions += 1_000;
      elapsedNs = process.hrtime.bigint() - started;
    }
    return decisions / (Number(elapsedNs) / 1e9);
  });
  // The decisions are used (counted), so no engine can skip them; a corpus that allows nothing is a broken run.
  if (allowed === 0) throw new Error('no decision allowed a send: the replay corpus did not load as expected');
  return { policy_decisions_per_second: { value: Math.round(perSecond), unit: 'decisions/s', contexts: contexts.length } };
};
