// Start time and idle memory of the app: `node packages/app-http/dist/main.js serve` with
// the file store in a new temporary directory and sandbox send mode, timed from spawn
// until `/readyz` answers 200; then its resident memory after a short idle. Absolute
// figures (nothing to divide by), printed with the machine's description.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssOf, startApp } from './app-process.mjs';

const STARTS = 3;
const IDLE_MS = 3_000;

const sorted = (values) => [...values].sort((a, b) => a - b);
const middle = (values) => sorted(values)[Math.floor(values.length / 2)];

export const run = async () => {
  const starts = [];
  const idleRss = [];
  for (let i = 0; i < STARTS; i++) {
    // A new directory each time: a first start on an empty store, as after an install.
    const dir = mkdtempSync(join(tmpdir(), 'caio-bench-start-'));
    const app = await startApp({ STATE_BACKEND: 'file', STATE_DIR: dir, SEND_MODE: 'sandbox', LOG_LEVEL: 'info' });
    try {
      starts.push(app.startMs);
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      idleRss.push(await rssOf(app.pid));
    } finally {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    app_start_ms: { value: Math.round(middle(starts)), unit: 'ms', runs: starts.map(Math.round).join('/') },
    app_idle_rss_mib: { value: Math.round((middle(idleRss) / 2 ** 20) * 10) / 10, unit: 'MiB', idleSeconds: IDLE_MS / 1000 },
  };
};
