import { FileStateStore } from '@caio/adapters-file';
import { createBatch, DEFAULT_REJECTION_TAXONOMY, DEFAULT_SEND_POLICY_CONFIG, initialControls, silentLogger, type CardId } from '@caio/core';
import { aCard, aLead, SequentialIds } from '@caio/testkit';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStartup } from '../src/composition/startup.js';
import { caio, fileStoreEnv, withCore } from './support/cli.js';

const DISPATCHER = fileURLToPath(new URL('./fixtures/dispatcher.mjs', import.meta.url));
/** The crash happened 3.3 minutes ago: past the 2-minute recovery threshold. */
const CRASH_AGO_MS = 198_000;

beforeAll(() => {
  // The child process runs the built packages.
  execFileSync('npx', ['tsc', '-b', 'packages/app-http'], { cwd: fileURLToPath(new URL('../../..', import.meta.url)), stdio: 'inherit' });
}, 120_000);

// A provider that takes the message and never answers: the dispatcher is killed mid-call.
const hanging: ServerResponse[] = [];
const delivered: string[] = [];
const provider = createServer((request, response) => {
  let body = '';
  request.on('data', (c: Buffer) => (body += c.toString()));
  request.on('end', () => {
    delivered.push((JSON.parse(body) as { cardId: string }).cardId);
    hanging.push(response);
  });
});
let url = '';
const dirs: string[] = [];
beforeAll(async () => {
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(provider.address() as { port: number }).port}/send`;
});
afterAll(async () => {
  for (const r of hanging) r.destroy();
  await new Promise<void>((resolve) => provider.close(() => resolve()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a dispatcher killed with -9 mid-send', () => {
  it('leaves its claim in doubt: caio reconcile lists it and exits 1 until recovery makes it unknown, and the start says how many it recovered', async () => {
    const env = fileStoreEnv();
    dirs.push(env.STATE_DIR!);
    const store = (await FileStateStore.open({ dir: env.STATE_DIR! }))._unsafeUnwrap();
    const at = new Date(Date.now() - CRASH_AGO_MS).toISOString();
    const lead = aLead('ada', {}, at);
    await store.putLead(lead, null);
    const card = aCard('card_ada', lead, {}, at);
    await store.putCard({ ...card, status: 'approved', approvedBy: 'reviewer', approvedAt: at, version: 2 }, null);
    await store.putControls({ ...initialControls(at), sendWindowOverride: true, version: 1 }, 0);
    const deps = { store, clock: { now: () => new Date(at) }, ids: new SequentialIds(), logger: silentLogger, channels: {}, policy: { ...DEFAULT_SEND_POLICY_CONFIG, dailyCap: 100 }, campaigns: () => ({}), taxonomy: DEFAULT_REJECTION_TAXONOMY, sendGhlFirstTouchOnApprove: false };
    const batch = (await createBatch(deps, { cardIds: [card.id as CardId], trace: { traceId: 'trace_seed' as never, actor: 'ops', at, origin: 'test' } }))._unsafeUnwrap();
    await store.close();

    const child = spawn(process.execPath, [DISPATCHER, `file:${env.STATE_DIR!}`, url, batch.id, 'w1'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CAIO_TEST_CLOCK_OFFSET_MS: String(-CRASH_AGO_MS) } });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 30_000;
    while (!delivered.includes('card_ada') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(delivered).toContain('card_ada');
    child.kill('SIGKILL');
    await exited;

    // The claim is still `sending`, claimed 3.3 minutes ago: in doubt, never "nothing to do".
    const listed = await caio(['reconcile', '--json'], env);
    expect(listed.code).toBe(1);
    const report = JSON.parse(listed.out) as { unknown: unknown[]; inDoubt: { cardId: string; state: string }[] };
    expect(report).toMatchObject({ unknown: [], inDoubt: [{ cardId: 'card_ada', state: 'sending' }] });

    // A restart recovers it and says how many.
    const startup = await withCore(env, (core) => runStartup(core.deps, core.config));
    expect(startup).toMatchObject({ recoveredUnknown: 1, stillSending: 0 });
    const after = await caio(['reconcile', '--json'], env);
    expect(after.code).toBe(1);
    expect(JSON.parse(after.out)).toMatchObject({ unknown: [{ cardId: 'card_ada', state: 'unknown' }], inDoubt: [] });
  }, 120_000);
});
