// `pnpm bench`: every benchmark in one run, a table of ratios, and bench/results.json.
import { writeFileSync } from 'node:fs';
import { machine } from './measure.mjs';
import { run as fileScaling } from './file-store-scaling.mjs';
import { run as redisClaim } from './redis-claim-vs-setnx.mjs';
import { run as dispatch } from './dispatch-vs-capacity.mjs';

const suites = { 'redis claim vs SET NX': redisClaim, 'file store scaling': fileScaling, 'dispatch vs fake capacity': dispatch };
const results = {};
for (const [name, run] of Object.entries(suites)) {
  process.stderr.write(`running ${name}...\n`);
  Object.assign(results, await run());
}

const rows = Object.entries(results).map(([name, r]) => {
  const met = r.lowerIsBetter ? r.ratio <= r.target : r.ratio >= r.target;
  return { figure: name, ratio: r.ratio.toFixed(2), target: `${r.lowerIsBetter ? '<=' : '>='} ${r.target}`, met: met ? 'yes' : 'NO', detail: Object.entries(r).filter(([k]) => !['ratio', 'target', 'lowerIsBetter'].includes(k)).map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 1000) / 1000 : v}`).join(' ') };
});
console.table(rows);
const report = { measuredAt: new Date().toISOString(), machine: machine(), results };
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
console.log('written to bench/results.json');
