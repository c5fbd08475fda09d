import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, EXIT_CODE_TABLE } from '../src/cli/exit-codes.js';
import { sandboxWebhookEnv } from '../src/composition/local-secrets.js';
import { caio, fileStoreEnv } from './support/cli.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Runs the built bin as a process (bounded: 20 s), with only the given environment. */
const bin = (argv: readonly string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...argv], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err });
    });
  });

const TOKEN = 'a-dashboard-token-of-enough-length-0001';
// Secrets configured, so no local ones are generated in the state directory.
const CONFIGURED = { ...sandboxWebhookEnv('a-webhook-secret-of-enough-length-0001'), DASHBOARD_AUTH_TOKEN: TOKEN };

/** A file store whose directory cannot be created: STATE_DIR is below a regular file. */
const brokenStoreEnv = (): Record<string, string> => {
  const file = join(mkdtempSync(join(tmpdir(), 'caio-broken-')), 'not-a-dir');
  writeFileSync(file, 'x');
  return fileStoreEnv({ ...CONFIGURED, STATE_DIR: join(file, 'state') });
};

/** Live Instantly, everything set but its API key. */
const MISSING_KEY = { ...CONFIGURED, SEND_MODE: 'live', SEND_CHANNELS: 'instantly', DASHBOARD_AUTH_STRICT: 'true' };

describe('caio --version and the exit-code table', () => {
  it('prints the package version, in-process and as the built bin', async () => {
    expect(await caio(['--version'], {})).toMatchObject({ code: 0, out: `caio ${VERSION}\n` });
    expect(await bin(['--version'], {})).toMatchObject({ code: 0, out: `caio ${VERSION}\n` });
  });

  it('--help shows the one table, with a distinct code per meaning', async () => {
    const help = await caio(['--help'], {});
    for (const [code, meaning] of EXIT_CODE_TABLE) expect(help.out).toContain(`  ${code}  ${meaning}`);
    expect(new Set(EXIT_CODE_TABLE.map(([code]) => code)).size).toBe(EXIT_CODE_TABLE.length);
  });
});

describe('one-line errors with the same exit code from every command and from serve', () => {
  it('a missing variable: exit 2 and one line naming it, from a store command and from serve', async () => {
    const env = fileStoreEnv(MISSING_KEY);
    for (const run of [await caio(['readiness'], env), await bin(['serve'], env)]) {
      expect(run.code).toBe(EXIT.usage);
      expect(run.err.trim().split('\n')).toEqual(['Refusing to start: INSTANTLY_API_KEY: is required when SEND_MODE=live and SEND_CHANNELS includes instantly']);
    }
  });

  it('an unusable state directory for generated local secrets: exit 2 and one line naming STATE_DIR', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'caio-broken-')), 'not-a-dir');
    writeFileSync(file, 'x');
    const run = await caio(['readiness'], fileStoreEnv({ STATE_DIR: join(file, 'state') }));
    expect(run.code).toBe(EXIT.usage);
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.err).toMatch(/^Refusing to start: STATE_DIR: local secrets could not be read or created/);
  });

  it('a store that cannot be opened: exit 3 and one line, from a store command and from serve', async () => {
    const env = brokenStoreEnv();
    for (const run of [await caio(['readiness'], env), await bin(['readiness'], env), await bin(['serve'], env)]) {
      expect(run.code).toBe(EXIT.storeUnavailable);
      const lines = run.err.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/the state store could not be opened \(Store\w+\): \S/);
    }
  });

  describe('a port in use', () => {
    let taken: Server;
    let port: number;
    beforeAll(async () => {
      taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      port = (taken.address() as { port: number }).port;
    });
    afterAll(async () => new Promise<void>((resolve) => taken.close(() => resolve())));

    it('serve exits 4 with one line naming the port, no stack trace, and releases the store', async () => {
      const env = fileStoreEnv({ HOST: '127.0.0.1', PORT: String(port) });
      const run = await bin(['serve'], env);
      expect(run.code).toBe(EXIT.listenFailed);
      expect(run.err.trim().split('\n')).toEqual([`Refusing to start: port ${port} on 127.0.0.1 is already in use (another caio serve?); set PORT to a free port`]);
      // The store was closed: a command can open it at once (its lock was released).
      expect((await caio(['readiness'], env)).code).not.toBe(EXIT.storeUnavailable);
    });
  });
});
