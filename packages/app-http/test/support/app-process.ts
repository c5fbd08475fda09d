import { freePort } from '@caio/testkit';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** The child processes run the built app: build it (incremental) before spawning any. */
export const buildApp = (): void => {
  execFileSync('npx', ['tsc', '-b', 'packages/app-http'], { cwd: ROOT, stdio: 'inherit' });
};

/** One `node dist/main.js serve` process on its own loopback port. */
export interface AppProcess {
  readonly name: string;
  readonly base: string;
  /** What the process printed (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once, as `kill -9` or a crash would: nothing is shut down gracefully. */
  kill(): Promise<void>;
}

/**
 * Starts `caio serve` with exactly `env` (plus PATH, HOST and PORT) and waits until it
 * says it is running. A process that exits or stays silent past `startMs` is killed
 * and the start fails with what it printed.
 */
export const startAppProcess = async (name: string, env: Readonly<Record<string, string>>, startMs = 20_000): Promise<AppProcess> => {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [MAIN, 'serve'], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout!.on('data', (c: Buffer) => (printed = (printed + c.toString()).slice(-20_000)));
  child.stderr!.on('data', (c: Buffer) => (printed = (printed + c.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (graceMs = 3_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(killer);
  };
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };
  const deadline = Date.now() + startMs;
  while (!printed.includes('is running')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop(0);
      throw new Error(`app instance ${name} did not start:\n${printed}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { name, base: `http://127.0.0.1:${port}`, output: () => printed, stop, kill };
};
