import { initializeRedisEpoch } from '@caio/adapters-redis';
import { freePort } from '@caio/testkit';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRedisPrefixes } from './support/redis-cleanup.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);
const TOKEN = 'a-dashboard-token-of-enough-length-0001';

interface Stage {
  readonly from: string;
  readonly lines: readonly string[];
}

/** The Dockerfile's stages with their instructions (continuation lines joined, comments dropped). */
const dockerfileStages = (): Stage[] => {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  const stages: { from: string; lines: string[] }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('FROM ')) stages.push({ from: line.slice(5), lines: [] });
    else stages.at(-1)!.lines.push(line);
  }
  return stages;
};

const stages = dockerfileStages();
const [build, runtime] = stages as [Stage, Stage];
const instruction = (stage: Stage, name: string) => stage.lines.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1));
/** ENV of the runtime stage, as the container gets it. */
const imageEnv = (): Record<string, string> =>
  Object.fromEntries(instruction(runtime, 'ENV').flatMap((l) => [...l.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!])));

let work: string;
let deployed: string;
const prefixes: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'packages/app-http/dist/main.js'))) throw new Error('packages/*/dist is missing: run `pnpm build` (pnpm test does) first');
  work = mkdtempSync(join(tmpdir(), 'caio-deploy-'));
  deployed = join(work, 'app');
  // The build stage's deploy step, exactly, with the image's /app replaced by a temp folder.
  // (Its `pnpm install --frozen-lockfile` and `pnpm run build` are what this worktree already did.)
  const deploy = instruction(build, 'RUN').find((r) => r.includes(' deploy '))!;
  const argv = deploy.replace(/ \/app$/, ` ${deployed}`).split(' ');
  expect(argv[0]).toBe('pnpm');
  await run('npx', ['--yes', 'pnpm@10.34.8', ...argv.slice(1)], { cwd: ROOT, timeout: 240_000 });
}, 300_000);

afterAll(async () => {
  await removeRedisPrefixes(prefixes);
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The image's CMD in the deployed folder (WORKDIR /app), on loopback; resolves once it serves /healthz. */
const startLikeTheImage = async (env: Record<string, string>): Promise<{ child: ChildProcess; base: string; port: number; output: () => string }> => {
  const cmd = JSON.parse(instruction(runtime, 'CMD')[0]!) as string[];
  expect(cmd[0]).toBe('node');
  const port = await freePort();
  const child = spawn(process.execPath, cmd.slice(1), {
    cwd: deployed,
    env: { PATH: process.env.PATH ?? '', ...imageEnv(), HOST: '127.0.0.1', PORT: String(port), STATE_DIR: join(work, `state-${port}`), DASHBOARD_AUTH_TOKEN: TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout!.on('data', (c: Buffer) => (printed += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (printed += c.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${printed}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app did not serve /healthz within 30 s:\n${printed}`);
    }
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return { child, base, port, output: () => printed };
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** SIGTERM, as `docker stop` sends it to the exec-form CMD; the exit code, or a failure after 15 s. */
const stopLikeDocker = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('SIGTERM did not stop the app within 15 s')), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });

describe('the Dockerfile', () => {
  it('builds on Node 20 slim in two stages and runs as a non-root user with a /healthz HEALTHCHECK', () => {
    expect(stages.map((s) => s.from)).toEqual(['node:20-slim AS build', 'node:20-slim']);
    const runs = instruction(build, 'RUN');
    expect(runs.findIndex((r) => r.startsWith('pnpm install --frozen-lockfile'))).toBeLessThan(runs.findIndex((r) => r === 'pnpm run build'));
    expect(runs.at(-1)).toBe('pnpm --filter @caio/app-http deploy --prod --legacy /app');
    expect(instruction(runtime, 'USER')).toEqual(['node']);
    expect(runtime.lines.findIndex((l) => l.startsWith('USER '))).toBeLessThan(runtime.lines.findIndex((l) => l.startsWith('CMD ')));
    expect(instruction(runtime, 'HEALTHCHECK')[0]).toContain('/healthz');
    // Exec form: node itself receives SIGTERM.
    expect(JSON.parse(instruction(runtime, 'CMD')[0]!)).toEqual(['node', 'dist/main.js', 'serve']);
    expect(instruction(runtime, 'COPY')).toEqual(['--from=build --chown=node:node /app /app']);
  });

  it('compose.yaml runs Redis with AOF and noeviction next to the app', () => {
    const compose = readFileSync(join(ROOT, 'compose.yaml'), 'utf8');
    expect(compose).toMatch(/"--appendonly", "yes"/);
    expect(compose).toMatch(/"--maxmemory-policy", "noeviction"/);
    expect(compose).toMatch(/REDIS_URL: redis:\/\/redis:6379/);
    expect(compose).toMatch(/init: true/);
  });
});

describe('the production folder (pnpm deploy --prod)', () => {
  it('holds production dependencies only', () => {
    const installed = readdirSync(join(deployed, 'node_modules/.pnpm'));
    for (const dev of ['vitest@', 'typescript@', 'playwright-core@', 'autocannon@', 'verdaccio@', 'fast-check@']) expect(installed.filter((d) => d.startsWith(dev)), dev).toEqual([]);
    expect(installed.some((d) => d.startsWith('fastify@'))).toBe(true);
  });

  it('serves on the file store, passes the HEALTHCHECK command, and stops cleanly on SIGTERM', async () => {
    const app = await startLikeTheImage({});
    const [healthcheck] = instruction(runtime, 'HEALTHCHECK').map((h) => JSON.parse(h.slice(h.indexOf('CMD ') + 4)) as string[]);
    const probe = await run(process.execPath, healthcheck!.slice(1), { env: { PORT: String(app.port) }, timeout: 10_000 }).then(() => 0, (e: { code?: number }) => e.code ?? -1);
    expect(probe).toBe(0);
    expect((await fetch(`${app.base}/readyz`).then((r) => r.json())) as { store: { ok: boolean } }).toMatchObject({ store: { ok: true, backend: 'file' } });
    expect(await stopLikeDocker(app.child)).toBe(0);
  }, 60_000);

  it('serves on Redis', async () => {
    const prefix = `caio-deploy-${process.pid}-${Date.now()}`;
    prefixes.push(prefix);
    const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    // A new prefix gets its epoch marker first, as `caio state init` does (compose.yaml says how).
    (await initializeRedisEpoch({ url, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
    const app = await startLikeTheImage({ STATE_BACKEND: 'redis', REDIS_URL: url, REDIS_KEY_PREFIX: prefix });
    const ready = (await fetch(`${app.base}/readyz`).then((r) => r.json())) as { store: { ok: boolean; backend: string; sends_blocked?: string } };
    expect(ready.store).toEqual({ ok: true, backend: 'redis' });
    expect(await stopLikeDocker(app.child)).toBe(0);
  }, 60_000);
});
