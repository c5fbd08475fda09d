import { FileStateStore } from '@caio/adapters-file';
import { createBatch, DEFAULT_REJECTION_TAXONOMY, DEFAULT_SEND_POLICY_CONFIG, initialControls, silentLogger, type CoreDeps } from '@caio/core';
import { aCard, aLead, ManualClock, SequentialIds } from '@caio/testkit';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild, waitForLines } from './processes.js';
import { tempDir } from './temp-dir.js';

// The children import the packages' built output: make sure it is current.
beforeAll(() => {
  execFileSync('npx', ['tsc', '-b', 'packages/adapters-file'], { cwd: new URL('../../..', import.meta.url).pathname, stdio: 'inherit' });
}, 120_000);

const dirs: { remove: () => void }[] = [];
afterAll(() => dirs.forEach((d) => d.remove()));
const fresh = () => {
  const d = tempDir();
  dirs.push(d);
  return d.path;
};

describe('file store under SIGKILL', () => {
  it('keeps every acknowledged write and never a truncated file, across random kills', async () => {
    const dir = fresh();
    const acked = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const { child, lines, exited } = startChild('writer.mjs', [dir, `r${round}`]);
      await waitForLines(lines, 5 + round * 7);
      child.kill('SIGKILL');
      await exited;
      for (const line of lines) if (line.startsWith('ack ')) acked.add(line.slice(4));
      const store = (await FileStateStore.open({ dir }))._unsafeUnwrap();
      const stored = new Set<string>();
      let after: string | undefined;
      do {
        const page = (await store.listLeads({ limit: 1000, ...(after ? { after } : {}) }))._unsafeUnwrap();
        page.items.forEach((l) => stored.add(l.id));
        after = page.next;
      } while (after);
      await store.close();
      for (const id of acked) expect(stored.has(id), `acknowledged ${id} is missing after round ${round}`).toBe(true);
      expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    }
  }, 60_000);
});

describe('several processes on one directory', () => {
  it('never lets two processes claim the same card or first-touch the same lead', async () => {
    const dir = fresh();
    const store = (await FileStateStore.open({ dir }))._unsafeUnwrap();
    // 8 people, 3 cards each: 24 queued cards competing for 8 first touches.
    for (let p = 0; p < 8; p++) {
      const lead = aLead(`p${p}`);
      await store.putLead(lead, null);
      for (let c = 0; c < 3; c++) await store.putCard({ ...aCard(`card_${p}_${c}`, lead, { body: `variant ${c}` }), status: 'queued' }, null);
    }
    await store.close();
    const children = [0, 1, 2, 3].map((w) => startChild('claimer.mjs', [dir, String(w)]));
    const codes = await Promise.all(children.map((c) => c.exited));
    expect(codes).toEqual([0, 0, 0, 0]);
    const claimed = children.flatMap((c) => c.lines.filter((l) => l.startsWith('claimed ')).map((l) => l.slice(8)));
    expect(new Set(claimed).size).toBe(claimed.length);
    const people = claimed.map((id) => id.split('_')[1]);
    expect(new Set(people).size).toBe(people.length);
    expect(claimed).toHaveLength(8);
    const check = (await FileStateStore.open({ dir }))._unsafeUnwrap();
    expect((await check.listLedger({ limit: 1000 }))._unsafeUnwrap().items).toHaveLength(8);
    await check.close();
  }, 60_000);
});

describe('crash mid-dispatch', () => {
  let server: Server;
  const received: string[] = [];
  let url = '';
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (c: Buffer) => (body += c.toString()));
      request.on('end', () => {
        received.push((JSON.parse(body) as { cardId: string }).cardId);
        // A little latency so kills land between the call and the outcome write.
        setTimeout(() => response.end('{}'), 3);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/send`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends every card at most once across kills and restarts, and the rest after recovery', async () => {
    const dir = fresh();
    const clock = new ManualClock(new Date());
    const store = (await FileStateStore.open({ dir, clock }))._unsafeUnwrap();
    for (let i = 0; i < 30; i++) {
      const lead = aLead(`d${String(i).padStart(2, '0')}`);
      await store.putLead(lead, null);
      await store.putCard({ ...aCard(`card_${String(i).padStart(2, '0')}`, lead), status: 'approved', approvedBy: 'reviewer' }, null);
    }
    await store.putControls({ ...initialControls(new Date().toISOString()), sendWindowOverride: true, version: 1 }, 0);
    const deps: CoreDeps = {
      store,
      clock,
      ids: new SequentialIds(),
      logger: silentLogger,
      channels: {},
      policy: { ...DEFAULT_SEND_POLICY_CONFIG, dailyCap: 10_000 },
      campaigns: () => ({}),
      taxonomy: DEFAULT_REJECTION_TAXONOMY,
      sendGhlFirstTouchOnApprove: false,
    };
    const batch = (await createBatch(deps, { trace: { traceId: 'trace_seed' as never, actor: 'ops', at: clock.now().toISOString(), origin: 'test' } }))._unsafeUnwrap();
    await store.close();

    for (let round = 0; round < 4; round++) {
      const { child, exited } = startChild('dispatcher.mjs', [dir, url, batch.id, String(round)]);
      const before = received.length;
      while (received.length < before + 4 && child.exitCode === null) await new Promise((r) => setTimeout(r, 2));
      child.kill('SIGKILL');
      await exited;
      await new Promise((r) => setTimeout(r, 600)); // the dead dispatcher's lease expires
    }
    const last = startChild('dispatcher.mjs', [dir, url, batch.id, 'final']);
    expect(await last.exited).toBe(0);
    expect(last.lines.at(-1)).toBe('done executed');

    const perCard = new Map<string, number>();
    for (const id of received) perCard.set(id, (perCard.get(id) ?? 0) + 1);
    expect([...perCard.values()].every((n) => n === 1)).toBe(true);

    const check = (await FileStateStore.open({ dir }))._unsafeUnwrap();
    const ledger = (await check.listLedger({ limit: 1000 }))._unsafeUnwrap().items;
    await check.close();
    expect(ledger).toHaveLength(30);
    // Every card that reached the provider is sent or unknown (never retried); the others were sent after recovery.
    for (const entry of ledger) {
      expect(['sent', 'unknown', 'failed']).toContain(entry.state);
      if (!perCard.has(entry.cardId)) expect(entry.state).not.toBe('sent');
    }
    expect(ledger.filter((e) => e.state === 'sent').length + ledger.filter((e) => e.state === 'unknown').length).toBeGreaterThanOrEqual(perCard.size);
  }, 90_000);
});
