import { FileStateStore } from '@caio/adapters-file';
import { aCard, aLead } from '@caio/testkit';
import { expectListingsMatchScan, indexOps, type IndexOpsContext } from '@caio/testkit/contracts';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './temp-dir.js';

const dirs: { remove: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

const open = async (dir: string, compactAfterBytes?: number) => (await FileStateStore.open({ dir, ...(compactAfterBytes ? { compactAfterBytes } : {}) }))._unsafeUnwrap();
const queueIds = async (store: FileStateStore) => (await store.listQueue({}))._unsafeUnwrap().items.map((c) => c.id);

describe('FileStateStore review-queue index', () => {
  it('follows cards another process writes to the same directory (journal catch-up and compaction)', async () => {
    const dir = tempDir();
    dirs.push(dir);
    // A small compaction threshold, so the reader also crosses a snapshot reload.
    const writer = await open(dir.path, 4096);
    const reader = await open(dir.path, 4096);
    const ada = aLead('ada');
    const first = (await writer.putCard(aCard('card_1', ada, {}, '2026-03-02T08:00:00.000Z'), null))._unsafeUnwrap();
    expect(await queueIds(reader)).toEqual(['card_1']);
    (await writer.putCard(aCard('card_2', ada, {}, '2026-03-02T08:01:00.000Z'), null))._unsafeUnwrap();
    (await writer.putCard({ ...first, status: 'approved', version: 2 }, 1))._unsafeUnwrap();
    expect(await queueIds(reader)).toEqual(['card_2']);
    for (let i = 3; i < 12; i++) (await writer.putCard(aCard(`card_${i}`, ada, {}, `2026-03-02T08:${String(i).padStart(2, '0')}:00.000Z`), null))._unsafeUnwrap();
    expect((await queueIds(reader)).length).toBe(10);
    expect(await queueIds(reader)).toEqual(await queueIds(writer));
    await writer.close();
    await reader.close();
  });
});

describe('FileStateStore listing indexes across processes', () => {
  it('answer what a full scan answers in both stores, whichever of two writers wrote', async () => {
    const dir = tempDir();
    dirs.push(dir);
    // A small compaction threshold, so catch-ups also cross snapshot reloads.
    const stores = [await open(dir.path, 16_384), await open(dir.path, 16_384)] as const;
    const ctx: IndexOpsContext = { store: stores[0], ns: '' };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), indexOps(false)), { minLength: 1, maxLength: 30 }), async (steps) => {
        ctx.ns = `r${run++}x`;
        for (const [second, step] of steps) {
          ctx.store = stores[second ? 1 : 0];
          await step.run(ctx);
        }
        for (const store of stores) await expectListingsMatchScan({ ...ctx, store });
      }),
      // The stores outlive each run (see storeIndexesContract): the failing sequence is reported as is.
      { numRuns: 15, endOnFailure: true },
    );
    for (const store of stores) await store.close();
  });
});
