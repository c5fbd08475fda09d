import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const CONTRACTS = fileURLToPath(new URL('../dist/contracts/index.js', import.meta.url));

// A module resolution hook that makes vitest unresolvable, as in a project without it.
const NO_VITEST = `data:text/javascript,${encodeURIComponent(
  "export async function resolve(specifier, context, next) { if (specifier === 'vitest' || specifier.startsWith('vitest/')) throw Object.assign(new Error('vitest is not installed'), { code: 'ERR_MODULE_NOT_FOUND' }); return next(specifier, context); }",
)}`;
const REGISTER = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(NO_VITEST)});`)}`;

const importIn = (entry: string, expression: string) =>
  run(process.execPath, ['--import', REGISTER, '--input-type=module', '-e', `const m = await import(${JSON.stringify(entry)}); process.stdout.write(String(${expression}));`], { timeout: 20_000 });

describe('@caio/testkit without vitest', () => {
  it('imports the in-memory adapters, clock, ids, arbitraries and fakes', async () => {
    const { stdout } = await importIn(MAIN, "['InMemoryStateStore', 'InMemoryLockManager', 'ManualClock', 'SequentialIds', 'arbEmailVariant', 'FakeChannel', 'FakeGhl'].filter((n) => !(n in m)).join(',') || 'all there'");
    expect(stdout).toBe('all there');
  });

  it('the contracts subpath is what needs vitest (the hook really hides it)', async () => {
    await expect(importIn(CONTRACTS, "'imported'")).rejects.toMatchObject({ stderr: expect.stringContaining('vitest is not installed') });
  });
});
