import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRegistry, productionClosure, ROOT, tarballOf } from './support/local-registry.js';

const run = promisify(execFile);
const PNPM = ['--yes', 'pnpm@10.34.8'];
const WORKSPACE = readdirSync(join(ROOT, 'packages')).filter((d) => existsSync(join(ROOT, 'packages', d, 'package.json')));

let work: string;
let registry: LocalRegistry;
let tarballs: string[];
let project: string;

/**
 * The packages as an outside team gets them: `pnpm -r pack` (workspace ranges replaced),
 * published with every third-party production dependency to a Verdaccio on loopback that
 * has no uplink, then `npm install --engine-strict` into an empty folder whose npm sees
 * that registry only. Then the installed packages are used as an embedder would.
 */
beforeAll(async () => {
  for (const dir of WORKSPACE) {
    if (!existsSync(join(ROOT, 'packages', dir, 'dist', 'index.js'))) throw new Error(`packages/${dir}/dist is missing: run \`pnpm build\` (pnpm test does) before this test`);
  }
  work = mkdtempSync(join(tmpdir(), 'caio-registry-'));
  const packed = join(work, 'packed');
  await run('npx', [...PNPM, '-r', 'pack', '--pack-destination', packed], { cwd: ROOT, timeout: 120_000 });
  tarballs = readdirSync(packed).map((f) => join(packed, f));

  registry = await LocalRegistry.start(join(work, 'registry'));
  for (const dir of productionClosure(['app-http', 'core']).values()) await registry.publish(tarballOf(dir));
  for (const file of tarballs) await registry.publish(readFileSync(file));

  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'embedder', private: true, type: 'module' }));
  // Only the loopback registry, a fresh cache, and no user or global npmrc.
  writeFileSync(join(project, '.npmrc'), `registry=${registry.url}/\nengine-strict=true\naudit=false\nfund=false\nupdate-notifier=false\n`);
  const env = { PATH: process.env.PATH ?? '', HOME: work, npm_config_cache: join(work, 'npm-cache'), npm_config_userconfig: join(work, 'no-user-npmrc'), npm_config_globalconfig: join(work, 'no-global-npmrc') };
  await run('npm', ['install', '--engine-strict', '@caio/app-http', '@caio/core'], { cwd: project, env, timeout: 240_000 });
}, 420_000);

afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packages, installed from a registry', () => {
  it('every tarball carries its README and LICENSE', () => {
    expect(tarballs).toHaveLength(WORKSPACE.length);
    for (const file of tarballs) {
      const entries = execFileSync('tar', ['-tzf', file]).toString('utf8').split('\n');
      expect(entries, file).toContain('package/README.md');
      expect(entries, file).toContain('package/LICENSE');
    }
  });

  it('installs with --engine-strict on this Node from the loopback registry alone', () => {
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> };
    const resolved = Object.values(lock.packages).flatMap((p) => (p.resolved ? [p.resolved] : []));
    expect(resolved.length).toBeGreaterThan(20);
    for (const url of resolved) expect(url.startsWith(registry.url)).toBe(true);
    expect(existsSync(join(project, 'node_modules/cookie/package.json')) ? JSON.parse(readFileSync(join(project, 'node_modules/cookie/package.json'), 'utf8')).version : 'none').not.toMatch(/^2\./);
  });

  it('runs the embedding example against the installed @caio/core', async () => {
    copyFileSync(join(ROOT, 'docs/examples/embed-installed.mjs'), join(project, 'embed.mjs'));
    const { stdout } = await run(process.execPath, ['embed.mjs'], { cwd: project, timeout: 30_000 });
    expect(stdout.trim()).toBe('first approval: Sent; second approval: IllegalTransition; deliveries: 1');
  });

  it('imports @caio/app-http with no preparation, and the installed caio answers --version', async () => {
    const imported = await run(process.execPath, ['--input-type=module', '-e', "const m = await import('@caio/app-http'); process.stdout.write(typeof m.composeApp)"], { cwd: project, timeout: 30_000 });
    expect(imported.stdout).toBe('function');
    const version = JSON.parse(readFileSync(join(ROOT, 'packages/app-http/package.json'), 'utf8')).version as string;
    const { stdout } = await run(join(project, 'node_modules/.bin/caio'), ['--version'], { cwd: project, timeout: 30_000 });
    expect(stdout).toBe(`caio ${version}\n`);
  });
});
