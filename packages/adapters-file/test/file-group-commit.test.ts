import { FileStateStore, openJournalFile, type OpenJournal } from '@caio/adapters-file';
import { aLead } from '@caio/testkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsPerTest } from './temp-dir.js';

const fresh = tempDirsPerTest();

/** The real journal, its fsyncs counted; `gate` holds the next ones open, `failure` fails them. */
const watchedJournal = () => {
  const watch = { datasyncs: 0, gate: null as Promise<void> | null, failure: null as Error | null };
  const openJournal: OpenJournal = async (path) => {
    const real = await openJournalFile(path);
    return {
      append: (text) => real.append(text),
      datasync: async () => {
        watch.datasyncs += 1;
        if (watch.gate) await watch.gate;
        if (watch.failure) throw watch.failure;
        await real.datasync();
      },
      close: () => real.close(),
    };
  };
  return { watch, openJournal };
};

const pending = Symbol('pending');
/** What `promise` has settled with by the time other work had 50 ms to run, or `pending`. */
const settledSoon = <T>(promise: Promise<T>): Promise<T | typeof pending> => Promise.race([promise, new Promise<typeof pending>((resolve) => setTimeout(() => resolve(pending), 50))]);

const journalLines = (dir: string) => readFileSync(join(dir, 'journal-0.log'), 'utf8').split('\n').filter(Boolean);

describe('FileStateStore group commit', () => {
  it('makes writes issued together durable with fewer fsyncs than writes, each still answered and kept', async () => {
    const dir = fresh();
    const { watch, openJournal } = watchedJournal();
    const store = (await FileStateStore.open({ dir, openJournal }))._unsafeUnwrap();
    const before = watch.datasyncs;
    const ids = Array.from({ length: 16 }, (_, i) => `lead${i}`);
    const results = await Promise.all(ids.map((id) => store.putLead(aLead(id), null)));
    expect(results.map((r) => r._unsafeUnwrap().id)).toEqual(ids);
    expect(watch.datasyncs - before).toBeGreaterThan(0);
    expect(watch.datasyncs - before).toBeLessThan(ids.length);
    expect(journalLines(dir).length).toBeLessThan(ids.length);
    await store.close();
    const again = (await FileStateStore.open({ dir }))._unsafeUnwrap();
    expect((await again.listLeads({ limit: 100 }))._unsafeUnwrap().items.map((l) => l.id).sort()).toEqual([...ids].sort());
    await again.close();
  });

  it('answers no operation of a group, a read included, before the fsync covering its line has completed', async () => {
    const dir = fresh();
    const { watch, openJournal } = watchedJournal();
    const store = (await FileStateStore.open({ dir, openJournal }))._unsafeUnwrap();
    let release!: () => void;
    watch.gate = new Promise((resolve) => (release = resolve));
    const write = store.putLead(aLead('ada'), null);
    const read = store.getLead(aLead('ada').id);
    expect(await settledSoon(Promise.resolve(write))).toBe(pending);
    expect(await settledSoon(Promise.resolve(read))).toBe(pending);
    expect(watch.datasyncs).toBe(1);
    release();
    expect((await write)._unsafeUnwrap().id).toBe('ada');
    expect((await read)._unsafeUnwrap()?.id).toBe('ada');
    await store.close();
  });

  it('fails every operation of a group whose fsync failed, keeps none of it in memory or on disk, and goes on', async () => {
    const dir = fresh();
    const { watch, openJournal } = watchedJournal();
    const store = (await FileStateStore.open({ dir, openJournal }))._unsafeUnwrap();
    (await store.putLead(aLead('ada'), null))._unsafeUnwrap();
    const durable = readFileSync(join(dir, 'journal-0.log'), 'utf8');
    watch.failure = Object.assign(new Error('I/O error'), { code: 'EIO' });
    const group = await Promise.all([store.putLead(aLead('bob'), null), store.getLead(aLead('bob').id), store.putLead(aLead('cy'), null)]);
    for (const result of group) expect(result._unsafeUnwrapErr()).toEqual({ _tag: 'StoreUnavailable', message: 'EIO: I/O error' });
    expect(readFileSync(join(dir, 'journal-0.log'), 'utf8')).toBe(durable);
    watch.failure = null;
    expect((await store.getLead(aLead('bob').id))._unsafeUnwrap()).toBeNull();
    expect((await store.listLeads({ limit: 10 }))._unsafeUnwrap().items.map((l) => l.id)).toEqual(['ada']);
    (await store.putLead(aLead('dee'), null))._unsafeUnwrap();
    await store.close();
    const again = (await FileStateStore.open({ dir }))._unsafeUnwrap();
    expect((await again.listLeads({ limit: 10 }))._unsafeUnwrap().items.map((l) => l.id).sort()).toEqual(['ada', 'dee']);
    await again.close();
  });
});
