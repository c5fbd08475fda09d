import { archiveAudit, MemoryStateStore, type AuditEntry, type TraceEnvelope, type TraceId } from '@caio/core';
import { SequentialIds } from '@caio/testkit';
import { errAsync, okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';

const trace = (at: string): TraceEnvelope => ({ traceId: 'trace_x' as TraceId, actor: 'test', at, origin: 'test' });
const entry = (id: string, at: string): AuditEntry => ({ id, trace: trace(at), action: 'card.approved', detail: {} });
const day = (d: number) => `2026-03-${String(d).padStart(2, '0')}T12:00:00.000Z`;
const NOW = trace('2026-04-01T00:00:00.000Z');

const storeWith = async (days: readonly number[]) => {
  const store = new MemoryStateStore();
  for (const [i, d] of days.entries()) await store.appendAudit(entry(`a${i + 1}`, day(d)));
  return store;
};
const ids = (entries: readonly AuditEntry[]) => entries.map((e) => e.id);
const headIds = async (store: MemoryStateStore) => ids((await store.listAuditHead(100))._unsafeUnwrap());

describe('archiveAudit', () => {
  it('moves exactly the entries older than the cut-off, in order and in batches, and audits the move', async () => {
    const store = await storeWith([1, 2, 3, 4, 5, 20, 21]);
    const kept: AuditEntry[][] = [];
    const result = await archiveAudit({ store, ids: new SequentialIds() }, { before: '2026-03-10', batchSize: 2, trace: NOW, keep: (batch) => (kept.push([...batch]), okAsync(undefined)) });
    expect(result._unsafeUnwrap()).toEqual({ archived: 5, interrupted: false });
    expect(kept.map(ids)).toEqual([['a1', 'a2'], ['a3', 'a4'], ['a5']]);
    const head = (await store.listAuditHead(100))._unsafeUnwrap();
    expect(ids(head).slice(0, 2)).toEqual(['a6', 'a7']);
    expect(head.at(-1)).toMatchObject({ action: 'audit.archived', detail: { before: '2026-03-10T00:00:00.000Z', archived: 5, interrupted: false } });
  });

  it('stops at the first entry that is not older, even if older ones follow it', async () => {
    const store = await storeWith([1, 2, 15, 3]);
    const kept: string[] = [];
    const result = await archiveAudit({ store, ids: new SequentialIds() }, { before: '2026-03-10T00:00:00Z', trace: NOW, keep: (batch) => (kept.push(...ids(batch)), okAsync(undefined)) });
    expect(result._unsafeUnwrap().archived).toBe(2);
    expect(kept).toEqual(['a1', 'a2']);
    expect((await headIds(store)).slice(0, 2)).toEqual(['a3', 'a4']);
  });

  it('drops nothing of a batch the archive could not keep', async () => {
    const store = await storeWith([1, 2, 3, 4]);
    let calls = 0;
    const result = await archiveAudit({ store, ids: new SequentialIds() }, {
      before: '2026-03-10T00:00:00Z',
      batchSize: 2,
      trace: NOW,
      keep: () => (++calls === 2 ? errAsync({ _tag: 'ArchiveWriteFailed', message: 'disk full' }) : okAsync(undefined)),
    });
    expect(result._unsafeUnwrapErr()).toEqual({ _tag: 'ArchiveWriteFailed', message: 'disk full' });
    // The first batch was kept and dropped; the second stays in the store.
    expect(await headIds(store)).toEqual(['a3', 'a4']);
  });

  it('refuses a cut-off that is not an instant and changes nothing', async () => {
    const store = await storeWith([1, 2]);
    const result = await archiveAudit({ store, ids: new SequentialIds() }, { before: 'last tuesday', trace: NOW, keep: () => okAsync(undefined) });
    expect(result._unsafeUnwrapErr()).toMatchObject({ _tag: 'ValidationError', field: 'before' });
    expect(await headIds(store)).toEqual(['a1', 'a2']);
  });

  it('reports an interruption when another archiver took the head in between', async () => {
    const store = await storeWith([1, 2, 3]);
    const result = await archiveAudit({ store, ids: new SequentialIds() }, {
      before: '2026-03-10T00:00:00Z',
      trace: NOW,
      // While this archive writes, another one drops the first entry.
      keep: () => store.dropAuditHead(['a1']).map(() => undefined).mapErr((e) => ({ _tag: 'ArchiveWriteFailed' as const, message: e._tag })),
    });
    expect(result._unsafeUnwrap()).toEqual({ archived: 0, interrupted: true });
    expect((await headIds(store)).slice(0, 2)).toEqual(['a2', 'a3']);
  });
});
