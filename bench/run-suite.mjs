// Runs one benchmark module in this process and prints its results as JSON on the last
// line of stdout. `run.mjs` starts one process per suite, so no suite measures inside a
// heap (or a JIT state) that an earlier suite left behind.
const [moduleName] = process.argv.slice(2);
if (!moduleName || !/^\.\/[a-z0-9-]+\.mjs$/.test(moduleName)) {
  console.error('usage: node bench/run-suite.mjs ./<suite>.mjs');
  process.exit(2);
}
const { run } = await import(new URL(moduleName, import.meta.url).href);
process.stdout.write(`\n${JSON.stringify(await run())}\n`);
