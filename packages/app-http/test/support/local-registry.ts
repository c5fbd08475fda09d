import { freePort } from '@caio/testkit';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = realpathSync(new URL('../../../..', import.meta.url).pathname);

/** A Verdaccio on loopback with no uplink: it serves only what the test publishes. */
export class LocalRegistry {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(dir: string): Promise<LocalRegistry> {
    const port = await freePort();
    const config = join(dir, 'config.yaml');
    mkdirSync(join(dir, 'storage'), { recursive: true });
    writeFileSync(
      config,
      [
        `storage: ${join(dir, 'storage')}`,
        'auth: { htpasswd: { file: ' + join(dir, 'htpasswd') + ', max_users: -1 } }',
        'uplinks: {}',
        'packages:',
        "  '**': { access: $all, publish: $anonymous }",
        'max_body_size: 100mb',
        'log: { type: stdout, format: pretty, level: warn }',
        'web: { enable: false }',
        '',
      ].join('\n'),
    );
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/verdaccio/bin/verdaccio'), '--config', config, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${url}/-/ping`)).ok) return new LocalRegistry(url, child);
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    child.kill('SIGKILL');
    throw new Error('verdaccio did not answer /-/ping within 30 s');
  }

  /** Publishes one tarball as `npm publish` would (a PUT of the packument with the tarball attached). */
  async publish(tarball: Buffer): Promise<string> {
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', '-', 'package/package.json'], { input: tarball }).toString('utf8')) as { name: string; version: string } & Record<string, unknown>;
    const { name, version } = manifest;
    const file = `${name}-${version}.tgz`;
    const body = {
      _id: name,
      name,
      'dist-tags': { latest: version },
      versions: {
        [version]: {
          ...manifest,
          _id: `${name}@${version}`,
          dist: {
            shasum: createHash('sha1').update(tarball).digest('hex'),
            integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
            tarball: `${this.url}/${name}/-/${file.split('/').pop()}`,
          },
        },
      },
      _attachments: { [file]: { content_type: 'application/octet-stream', data: tarball.toString('base64'), length: tarball.length } },
    };
    const response = await fetch(`${this.url}/${name.replace('/', '%2f')}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`publishing ${name}@${version} answered ${response.status}: ${await response.text()}`);
    return `${name}@${version}`;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

/** The folder node would load `name` from, seen from `from` (node_modules, walking up). */
const resolveFrom = (from: string, name: string): string | null => {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return null;
  }
};

/**
 * Every third-party package folder the production dependencies of the given workspace
 * packages load (transitively, as installed in this repository), one per name@version.
 */
export const productionClosure = (workspacePackages: readonly string[]): Map<string, string> => {
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const queue = workspacePackages.map((p) => join(ROOT, 'packages', p));
  while (queue.length > 0) {
    const dir = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    if (!manifest.name.startsWith('@caio/')) found.set(`${manifest.name}@${manifest.version}`, dir);
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies })) {
      const resolved = resolveFrom(dir, name);
      if (resolved) queue.push(resolved);
    }
  }
  return found;
};

/**
 * A package folder as a registry tarball (`package/...`), without nested node_modules.
 * pnpm's store links identical files to one inode: they are stored as plain files, since
 * npm does not extract hard-link entries.
 */
export const tarballOf = (dir: string): Buffer => execFileSync('tar', ['-czf', '-', '--hard-dereference', '--exclude=./node_modules', '--transform', 's,^\\.,package,', '-C', dir, '.'], { maxBuffer: 256 * 1024 * 1024 });

export { ROOT };
