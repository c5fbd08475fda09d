import { FileStateStore } from '@caio/adapters-file';
import type { CardId } from '@caio/core';
import { aCard, aLead, FakeGhl, freePort } from '@caio/testkit';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const TOKEN = 'shutdown-dashboard-token-0123456789';
const SECRET = 'shutdown-webhook-secret-0123';

beforeAll(() => {
  execFileSync('npx', ['tsc', '-b', 'packages/app-http'], { cwd: fileURLToPath(new URL('../../..', import.meta.url)), stdio: 'inherit' });
}, 120_000);

let ghl: FakeGhl;
let dir: string;
let child: ChildProcess;
let base = '';
let output = '';
let exited: Promise<number | null>;

beforeAll(async () => {
  ghl = await new FakeGhl().start();
  dir = mkdtempSync(join(tmpdir(), 'caio-shutdown-'));
  const store = (await FileStateStore.open({ dir }))._unsafeUnwrap();
  const lead = aLead('ada');
  await store.putLead(lead, null);
  await store.putCard(aCard('card_slow', lead), null);
  await store.close();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [MAIN, 'serve'], {
    env: {
      PATH: process.env.PATH,
      STATE_DIR: dir,
      PORT: String(port),
      SEND_MODE: 'live',
      SEND_CHANNELS: 'ghl_email',
      GHL_API_TOKEN: ghl.token,
      GHL_LOCATION_ID: ghl.locationId,
      GHL_BASE_URL: ghl.baseUrl,
      DASHBOARD_AUTH_TOKEN: TOKEN,
      SUPERVISED_SEND_WINDOW_OVERRIDE: 'true',
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      WEBHOOK_BEARER_TOKEN: SECRET,
      RB2B_WEBHOOK_SECRET: SECRET,
      HEYREACH_WEBHOOK_SECRET: SECRET,
      GHL_STANDARD_WEBHOOK_SECRET: `whsec_${Buffer.from('twenty-four-random-bytes!').toString('base64')}`,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  while (!output.includes('is running')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the app did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await ghl.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the app process', () => {
  it('closes a slow-loris connection that never finishes its headers', async () => {
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); // and never the blank line
    const started = Date.now();
    const response = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(response === '' || response.startsWith('HTTP/1.1 408')).toBe(true);
  }, 15_000);

  it('on SIGTERM lets the in-flight send finish and be recorded, refuses new work, and exits cleanly', async () => {
    // GHL takes 1.5 s to answer the message: SIGTERM lands while the send is in flight.
    ghl.inject('POST /conversations/messages', { delayMs: 1_500 });
    const approval = fetch(`${base}/api/cards/card_slow/approve`, { method: 'POST', headers: { 'x-dashboard-token': TOKEN } });
    while (ghl.count('POST', '/conversations/messages') === 0) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const refused = await fetch(`${base}/healthz`).then(
      (r) => r.status,
      () => 'closed',
    );
    expect([503, 'closed']).toContain(refused);
    const answered = await approval;
    expect(((await answered.json()) as { message: string }).message).toBe('Email sent via GHL');
    expect(await exited).toBe(0);
    const store = (await FileStateStore.open({ dir }))._unsafeUnwrap();
    expect((await store.getCard('card_slow' as CardId))._unsafeUnwrap()).toMatchObject({ status: 'sent', receipt: { messageId: expect.stringMatching(/^msg_/) } });
    await store.close();
    expect(ghl.count('POST', '/conversations/messages')).toBe(1);
  }, 30_000);
});
