import { FileStateStore } from '@caio/adapters-file';
import { aCard, aLead } from '@caio/testkit';
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
