import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const INDEX = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('importing @caio/app-http', () => {
  it('works in a fresh process that loaded no reflect polyfill first', async () => {
    // The tests load reflect-metadata themselves; only a clean process shows the import order.
    const script = `const m = await import(${JSON.stringify(INDEX)}); if (typeof Reflect.getMetadata !== 'function') process.exit(3); process.stdout.write(typeof m.composeApp);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 });
    expect(stdout).toBe('function');
  });
});
