// Spawns the built app (`node packages/app-http/dist/main.js serve`) on a free loopback
// port and reports how long it took until `/readyz` answered 200.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../packages/app-http/dist/main.js', import.meta.url));

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** User + system CPU of a process so far, in µs (/proc/<pid>/stat, in clock ticks of 10 ms; Linux). */
export const cpuMicrosOf = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
};

/** Resident set size of a process in bytes, from /proc (Linux) or `ps`. */
export const rssOf = async (pid) => {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux: fall back to ps
  }
  const { execFileSync } = await import('node:child_process');
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
};

/**
 * Starts a child process with exactly `env` (plus PATH, HOST, PORT) and polls `/readyz`
 * every 10 ms until it answers 200. `startMs` is spawn to first 200. A child that exits
 * or is not ready within `timeoutMs` fails with what it printed.
 */
export const startApp = async (env, { timeoutMs = 30_000, script = MAIN, args = ['serve'], readyPath = '/readyz', nodeFlags = [] } = {}) => {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], { env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  const keep = (chunk) => void (printed = (printed + chunk.toString()).slice(-10_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited before it was ready:\n${printed}`);
    if (Number(process.hrtime.bigint() - started) / 1e6 > timeoutMs) {
      await stop();
      throw new Error(`the app was not ready within ${timeoutMs} ms:\n${printed}`);
    }
    const status = await fetch(`${base}${readyPath}`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.status, () => 0);
    if (status === 200) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const startMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { base, pid: child.pid, startMs, output: () => printed, stop };
};
