// `pnpm bench`: every benchmark in one run, one table, and bench/results.json.
// A figure with a target is a ratio of two things measured side by side in this run; a
// figure without one (value + unit) is absolute and only means something next to the
// machine description printed with it.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machine } from './measure.mjs';

// Each suite runs in a process of its own (bench/run-suite.mjs): a suite measured after
// another would inherit its heap and JIT state and read slower or faster for it.
const suites = {
  'redis claim vs SET NX': './redis-claim-vs-setnx.mjs',
  'send bookkeeping vs BullMQ job': './send-bookkeeping-vs-bullmq.mjs',
  'file store scaling': './file-store-scaling.mjs',
  'queue page scaling': './queue-page-scaling.mjs',
  'create batch scaling': './create-batch-scaling.mjs',
  'dispatch vs fake capacity': './dispatch-vs-capacity.mjs',
  'dispatcher on BullMQ vs fake capacity': './dispatcher-on-bullmq.mjs',
  'webhook ingest vs bare route': './webhook-ingest-vs-bare-route.mjs',
  'policy decisions': './policy-decisions.mjs',
  'app start and idle memory': './app-start-and-memory.mjs',
  'sales page with 100 cards': './sales-page-render.mjs',
};
const runSuite = fileURLToPath(new URL('./run-suite.mjs', import.meta.url));
const started = Date.now();
const results = {};
const failed = [];
for (const [name, module] of Object.entries(suites)) {
  process.stderr.write(`running ${name}...\n`);
  // stderr passes through; the suite's results are the last line of its stdout. A suite
  // that fails is named at the end (and fails the run) without losing the others' figures.
  try {
    const output = execFileSync(process.execPath, [runSuite, module], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: process.env, maxBuffer: 16 * 2 ** 20 });
    Object.assign(results, JSON.parse(output.trim().split('\n').at(-1)));
  } catch (error) {
    failed.push(name);
    process.stderr.write(`${name} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  }
}

const round = (v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v);
const SHOWN = ['ratio', 'target', 'lowerIsBetter', 'value', 'unit'];
const rows = Object.entries(results).map(([name, r]) => {
  const detail = Object.entries(r).filter(([k]) => !SHOWN.includes(k)).map(([k, v]) => `${k}=${round(v)}`).join(' ');
  // A ratio without a target explains another figure (what a part of the work costs by itself).
  // A figure of details only (apply latency's p50 and p99) shows them in its detail column.
  const shown = r.ratio !== undefined ? r.ratio.toFixed(2) : r.value !== undefined ? `${r.value} ${r.unit}` : '-';
  if (r.target === undefined) return { figure: name, value: shown, target: '-', met: '-', detail };
  const met = r.lowerIsBetter ? r.ratio <= r.target : r.ratio >= r.target;
  return { figure: name, value: r.ratio.toFixed(2), target: `${r.lowerIsBetter ? '<=' : '>='} ${r.target}`, met: met ? 'yes' : 'NO', detail };
});
const description = machine();
console.log(`machine: ${description.cpu}, ${description.cores} cores, ${description.memoryGiB} GiB, node ${description.node}, ${description.platform}`);
console.table(rows);
const report = { measuredAt: new Date().toISOString(), durationSeconds: Math.round((Date.now() - started) / 1000), machine: description, results, ...(failed.length > 0 ? { failedSuites: failed } : {}) };
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
console.log('written to bench/results.json');
if (failed.length > 0) {
  console.error(`suites that failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
