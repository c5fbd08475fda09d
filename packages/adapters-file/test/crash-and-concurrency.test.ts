import { FileStateStore } from '@caio/adapters-file';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { aCard, aLead } from '@caio/testkit';
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
  // 8 in flight: the writes run in groups sharing one fsync (group commit).
  it.each([1, 8])('keeps every acknowledged write and never a truncated file, across random kills (%i writes in flight)', async (inFlight) => {
    const dir = fresh();
    const acked = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const { child, lines, exited } = startChild('writer.mjs', [dir, `r${round}`, String(inFlight)]);
      await waitForLines(lines, 5 + round * 7 * inFlight);
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

// Crashes mid-dispatch, on this store and on Redis, are tested across processes in
// packages/app-http/test/cross-process.integration.test.ts.
