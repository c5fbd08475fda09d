import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer } from 'node:net';
import { redisTlsArgs, type ThrowawayTls } from './throwaway-tls.js';

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const CLUSTER_BUS_OFFSET = 10_000;

const canListen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * A free port whose cluster bus port (port + 10000) is free and below 65536 too: a
 * cluster node needs both, and an ephemeral port above 55535 has no bus port at all.
 */
const freeClusterPort = async (): Promise<number> => {
  for (;;) {
    const port = await freePort();
    if (port + CLUSTER_BUS_OFFSET <= 65_535 && (await canListen(port + CLUSTER_BUS_OFFSET))) return port;
  }
};

/** PING over a raw socket: testkit needs no Redis client to know a server is up. */
const ping = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    // A server that requires AUTH answers -NOAUTH: it is up all the same.
    socket.on('data', (data) => done(data.toString().startsWith('+PONG') || data.toString().startsWith('-NOAUTH')));
  });

/** Waits for PONG; fails at once when the server exits (a port taken meanwhile, say). */
const waitForPing = async (port: number, child: ChildProcess, output: () => string, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await ping(port))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server on ${port} exited: ${output().trim().split('\n').slice(-3).join(' | ')}`);
    if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start: ${output().trim().split('\n').slice(-3).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const START_ATTEMPTS = 5;

/**
 * A redis-server of the test's own on a free port (the machine's Redis is never
 * killed): start, SIGKILL, start again on the same port.
 *
 * @category testing
 */
export class OwnRedis {
  private process: ChildProcess | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), 'caio-redis-'));

  constructor(
    readonly port: number,
    private readonly extra: readonly string[] = [],
  ) {}

  /**
   * Starts on a free port. Another process can take that port between the check and the
   * server's bind, so a server that exits at start is retried on a new port.
   */
  static async start(extra: readonly string[] = []): Promise<OwnRedis> {
    const cluster = extra.includes('--cluster-enabled');
    let last: unknown;
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      const server = new OwnRedis(cluster ? await freeClusterPort() : await freePort(), extra);
      try {
        await server.up();
        return server;
      } catch (error) {
        last = error;
        await server.stop();
      }
    }
    throw last;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, ...this.extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    await waitForPing(this.port, child, () => output);
  }

  /** SIGKILL, as a crash or an operator's kill -9 would. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A three-master Redis Cluster from redis-server processes, created with redis-cli;
 * with `password`, every node requires it (requirepass and masterauth).
 *
 * @category testing
 */
export class OwnCluster {
  private constructor(
    readonly nodes: OwnRedis[],
    /** With `tls`: each node's TLS port (clients and the cluster bus speak TLS; the plain port stays for probes). */
    readonly tlsPorts: readonly number[],
  ) {}

  static async start(options: { readonly password?: string; readonly tls?: ThrowawayTls } = {}): Promise<OwnCluster> {
    const auth = options.password === undefined ? [] : ['--requirepass', options.password, '--masterauth', options.password];
    const cliAuth = options.password === undefined ? [] : ['-a', options.password, '--no-auth-warning'];
    const nodes: OwnRedis[] = [];
    const tlsPorts: number[] = [];
    for (let i = 0; i < 3; i++) {
      // With tls-cluster the bus port is the TLS port + 10000: pick one whose bus port is free.
      const tlsPort = options.tls ? await freeClusterPort() : 0;
      const tls = options.tls ? [...redisTlsArgs(options.tls, tlsPort), '--tls-cluster', 'yes', '--tls-replication', 'yes'] : [];
      nodes.push(await OwnRedis.start(['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${i}.conf`, '--cluster-node-timeout', '2000', ...auth, ...tls]));
      tlsPorts.push(tlsPort);
    }
    const cliTls = options.tls ? ['--tls', '--cacert', options.tls.caCert] : [];
    const seeds = options.tls ? tlsPorts : nodes.map((n) => n.port);
    const created = spawnSync('redis-cli', [...cliAuth, ...cliTls, '--cluster', 'create', ...seeds.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8', timeout: 20_000 });
    if (created.status !== 0) throw new Error(`cluster create failed: ${created.stdout}${created.stderr}`);
    // Wait until every node agrees the cluster is up.
    const deadline = Date.now() + 15_000;
    for (const node of nodes) {
      for (;;) {
        const info = spawnSync('redis-cli', [...cliAuth, '-p', String(node.port), 'cluster', 'info'], { encoding: 'utf8' }).stdout;
        if (info.includes('cluster_state:ok')) break;
        if (Date.now() > deadline) throw new Error('cluster did not become ok');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return new OwnCluster(nodes, options.tls ? tlsPorts : []);
  }

  async stop(): Promise<void> {
    for (const node of this.nodes) await node.stop();
  }
}
