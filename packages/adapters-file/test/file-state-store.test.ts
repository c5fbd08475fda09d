import { FileStateStore } from '@caio/adapters-file';
import type { IdentityKey } from '@caio/core';
import { aCard, aClaim, aLead } from '@caio/testkit';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsPerTest } from './temp-dir.js';

const fresh = tempDirsPerTest();

const open = async (dir: string, compactAfterBytes?: number) => (await FileStateStore.open({ dir, ...(compactAfterBytes ? { compactAfterBytes } : {}) }))._unsafeUnwrap();

describe('FileStateStore on disk', () => {
  it('journals each write as one checksummed line and replays it on open', async () => {
    const dir = fresh();
    const store = await open(dir);
    await store.putLead(aLead('ada'), null);
    await store.putCard(aCard('card_1', aLead('ada')), null);
    await store.close();
    const lines = readFileSync(join(dir, 'journal-0.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\{"seq":1,"changes":\[\["leads","ada",.*\t[0-9a-f]{16}$/);
    const again = await open(dir);
    expect((await again.getCard(aCard('card_1', aLead('ada')).id))._unsafeUnwrap()?.id).toBe('card_1');
    await again.close();
  });

  it('drops a torn last line (a crash mid-append) and keeps everything before it', async () => {
    const dir = fresh();
    const store = await open(dir);
    await store.putLead(aLead('ada'), null);
    await store.close();
    const torn = '{"seq":2,"changes":[["leads","bob",{"id":"bo';
    const offset = readFileSync(join(dir, 'journal-0.log')).length;
    appendFileSync(join(dir, 'journal-0.log'), torn);
    const repairs: unknown[] = [];
    const again = (await FileStateStore.open({ dir, onTailRepaired: (r) => repairs.push(r) }))._unsafeUnwrap();
    // Said, with what was cut.
    expect(repairs).toEqual([{ file: join(dir, 'journal-0.log'), offset, bytes: torn.length, reason: 'torn', preview: torn }]);
    expect((await again.getLead(aLead('ada').id))._unsafeUnwrap()?.id).toBe('ada');
    expect((await again.listLeads({}))._unsafeUnwrap().items).toHaveLength(1);
    expect(readFileSync(join(dir, 'journal-0.log'), 'utf8').endsWith('\n')).toBe(true);
    await again.putLead(aLead('bob'), null);
    expect((await again.listLeads({}))._unsafeUnwrap().items).toHaveLength(2);
    await again.close();
  });

  it('refuses a damaged record in the middle with an error naming the file and byte offset', async () => {
    const dir = fresh();
    const store = await open(dir);
    await store.putLead(aLead('ada'), null);
    await store.putLead(aLead('bob'), null);
    await store.close();
    const path = join(dir, 'journal-0.log');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('"ada"', '"adb"'));
    const reopened = await FileStateStore.open({ dir });
    const error = reopened._unsafeUnwrapErr();
    expect(error).toMatchObject({ _tag: 'StoreCorrupt', where: `${path}:0` });
    expect('message' in error && error.message).toContain('checksum mismatch');
  });

  it('refuses a hand-edited snapshot with a clear error', async () => {
    const dir = fresh();
    const store = await open(dir, 1);
    await store.putLead(aLead('ada'), null);
    await store.close();
    const snapshot = join(dir, 'snapshot.json');
    writeFileSync(snapshot, readFileSync(snapshot, 'utf8').replace('"audit":[', '"audit":{"x":[').replace(/\]\}\}$/, ']}}}'));
    const error = (await FileStateStore.open({ dir }))._unsafeUnwrapErr();
    expect(error).toMatchObject({ _tag: 'StoreCorrupt', where: `${snapshot}:0` });
  });

  it('compacts into a snapshot without losing anything and cleans leftovers on open', async () => {
    const dir = fresh();
    const store = await open(dir, 2048);
    for (let i = 0; i < 40; i++) await store.putLead(aLead(`lead${String(i).padStart(2, '0')}`), null);
    await store.close();
    expect(readdirSync(dir).filter((f) => f.startsWith('journal-')).length).toBe(1);
    writeFileSync(join(dir, 'snapshot.json.tmp-99999'), 'half a snapshot');
    writeFileSync(join(dir, 'journal-0.log.old'), 'x');
    const again = await open(dir);
    expect((await again.listLeads({ limit: 1000 }))._unsafeUnwrap().items).toHaveLength(40);
    expect(readdirSync(dir).some((f) => f.includes('.tmp-'))).toBe(false);
    await again.close();
  });

  it('finds a lead\'s sends by identity key through the index, also in a snapshot written before the index existed', async () => {
    const dir = fresh();
    const store = await open(dir, 1024);
    for (const id of ['ada', 'bob', 'cy']) {
      const lead = (await store.putLead(aLead(id), null))._unsafeUnwrap();
      const card = (await store.putCard(aCard(`card_${id}`, lead, { status: 'queued' }), null))._unsafeUnwrap();
      (await store.claimSend(aClaim(card)))._unsafeUnwrap();
    }
    const byKey = async (s: FileStateStore) => (await s.listLedger({ identityKey: 'email:bob@acme.example' as IdentityKey }))._unsafeUnwrap().items.map((e) => e.cardId);
    expect(await byKey(store)).toEqual(['card_bob']);
    await store.close();
    // Drop the index from the compacted snapshot, as an older version wrote it.
    const path = join(dir, 'snapshot.json');
    const snapshot = JSON.parse(readFileSync(path, 'utf8'));
    expect(snapshot.state.ledger['card_bob#0']).toBeDefined();
    expect(snapshot.state.ledgerByKey['email:bob@acme.example']).toEqual(['card_bob#0']);
    delete snapshot.state.ledgerByKey;
    writeFileSync(path, JSON.stringify(snapshot));
    const again = await open(dir);
    expect(await byKey(again)).toEqual(['card_bob']);
    await again.close();
  });

  it('sees writes made by another instance on the same directory', async () => {
    const dir = fresh();
    const a = await open(dir);
    const b = await open(dir, 512);
    await a.putLead(aLead('ada'), null);
    expect((await b.getLead(aLead('ada').id))._unsafeUnwrap()?.id).toBe('ada');
    for (let i = 0; i < 20; i++) await b.putLead(aLead(`b${i}`), null); // b compacts meanwhile
    expect((await a.listLeads({ limit: 100 }))._unsafeUnwrap().items).toHaveLength(21);
    await a.close();
    await b.close();
  });

  it('reports health, and not ok when the directory is not writable', async () => {
    const dir = fresh();
    const store = await open(dir);
    expect((await store.health())._unsafeUnwrap()).toMatchObject({ ok: true, backend: 'file' });
    await store.close();
    expect((await store.health())._unsafeUnwrap().ok).toBe(false);
  });
});
