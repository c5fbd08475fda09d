// `pnpm bench`: every benchmark in one run, one table, and bench/results.json.
// A figure with a target is a ratio of two things measured side by side in this run; a
// figure without one (value + unit) is absolute and only means something next to the
// machine description printed with it.
import { writeFileSync } from 'node:fs';
import { machine } from './measure.mjs';
import { run as fileScaling } from './file-store-scaling.mjs';
import { run as redisClaim } from './redis-claim-vs-setnx.mjs';
import { run as dispatch } from './dispatch-vs-capacity.mjs';
import { run as webhookIngest } from './webhook-ingest-vs-bare-route.mjs';
import { run as policyDecisions } from './policy-decisions.mjs';
import { run as appStart } from './app-start-and-memory.mjs';

const suites = {
  'redis claim vs SET NX': redisClaim,
  'file store scaling': fileScaling,
  'dispatch vs fake capacity': dispatch,
  'webhook ingest vs bare route': webhookIngest,
  'policy decisions': policyDecisions,
  'app start and idle memory': appStart,
};
const started = Date.now();
const results = {};
for (const [name, run] of Object.entries(suites)) {
  process.stderr.write(`running ${name}...\n`);
  Object.assign(results, await run());
}

const round = (v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v);
const SHOWN = ['ratio', 'target', 'lowerIsBetter', 'value', 'unit'];
const rows = Object.entries(results).map(([name, r]) => {
  const detail = Object.entries(r).filter(([k]) => !SHOWN.includes(k)).map(([k, v]) => `${k}=${round(v)}`).join(' ');
  if (r.target === undefined) return { figure: name, value: `${r.value} ${r.unit}`, target: '-', met: '-', detail };
  const met = r.lowerIsBetter ? r.ratio <= r.target : r.ratio >= r.target;
  return { figure: name, value: r.ratio.toFixed(2), target: `${r.lowerIsBetter ? '<=' : '>='} ${r.target}`, met: met ? 'yes' : 'NO', detail };
});
const description = machine();
console.log(`machine: ${description.cpu}, ${description.cores} cores, ${description.memoryGiB} GiB, node ${description.node}, ${description.platform}`);
console.table(rows);
const report = { measuredAt: new Date().toISOString(), durationSeconds: Math.round((Date.now() - started) / 1000), machine: description, results };
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
console.log('written to bench/results.json');
