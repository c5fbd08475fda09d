#!/usr/bin/env node
// What the test suite needs beyond Node.js and npm, checked before it runs:
// - Debian's Chromium at /usr/bin/chromium (the /sales browser test drives it with
//   playwright-core; browser downloads are not used);
// - redis-server and redis-cli on the PATH (tests that kill or restart Redis, and the
//   cluster test, start their own servers on free ports);
// - a Redis answering on 127.0.0.1:6379, or at REDIS_URL (the store and app tests).
// As root on a Debian machine, what is missing is installed with apt-get and a local
// Redis is started; elsewhere the check fails at once and says what to install, instead
// of letting a test fail later with a less obvious error.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { createConnection } from 'node:net';

const CHROMIUM = '/usr/bin/chromium';
const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const redisHost = redisUrl.hostname || '127.0.0.1';
const redisPort = Number(redisUrl.port || 6379);
const isLocalRedis = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(redisHost);

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
const fail = (message) => {
  console.error(`test prerequisites: ${message}`);
  process.exit(1);
};

/** Debian packages for what is missing. */
const missingPackages = () => [
  ...(executable(CHROMIUM) ? [] : ['chromium']),
  ...(onPath('redis-server') ? [] : ['redis-server']),
  ...(onPath('redis-cli') ? [] : ['redis-tools']),
];

/** True when a Redis answers at the configured address within a second. */
const redisAnswers = () =>
  new Promise((resolve) => {
    const socket = createConnection({ host: redisHost.replace(/^\[|\]$/g, ''), port: redisPort });
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    // A server that wants a password (REDIS_URL carries it) answers NOAUTH: it is there.
    socket.once('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });

let missing = missingPackages();
if (missing.length > 0) {
  if (!canInstall) fail(`missing ${missing.join(', ')}; on Debian: sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`);
  console.log(`test prerequisites: installing ${missing.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // A failed update leaves the package lists already present; the install then fails if they lack a package.
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  missing = missingPackages();
  if (missing.length > 0) fail(`still missing after apt-get install: ${missing.join(', ')}`);
}

if (!(await redisAnswers())) {
  if (!isLocalRedis) fail(`no Redis answers at ${redisHost}:${redisPort} (REDIS_URL)`);
  console.log(`test prerequisites: starting redis-server on ${redisHost}:${redisPort}`);
  execFileSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(redisPort), '--save', '', '--appendonly', 'no'], { stdio: 'inherit' });
  for (let i = 0; i < 50 && !(await redisAnswers()); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await redisAnswers())) fail(`redis-server did not answer on ${redisHost}:${redisPort} within 5 s`);
}
