import { FileStateStore } from '@caio/adapters-file';
import { expectLegacyContactsAdopted, LEGACY_PROVIDER_CONTACTS, seedLegacyContactLeads } from '@caio/testkit/contracts';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './temp-dir.js';

describe('a file store with the provider contact directory of an older version', () => {
  it('turns each contact id into a key of its person at open, removes the file, and a second open changes nothing', async () => {
    const dir = tempDir();
    const open = async () => (await FileStateStore.open({ dir: dir.path }))._unsafeUnwrap();
    const before = await open();
    await seedLegacyContactLeads(before);
    await before.close();
    // As the older version appended it: one JSON line per fact, a torn last line from a crash.
    const path = join(dir.path, 'provider-contacts.jsonl');
    writeFileSync(path, `${LEGACY_PROVIDER_CONTACTS.map((entry) => JSON.stringify(entry)).join('\n')}\n{"provider":"ghl","contactId":"ct_to`);

    const store = await open();
    await expectLegacyContactsAdopted(store);
    expect(existsSync(path)).toBe(false);
    const exported = JSON.stringify((await store.exportRecords())._unsafeUnwrap());
    await store.close();

    const again = await open();
    await expectLegacyContactsAdopted(again);
    expect(JSON.stringify((await again.exportRecords())._unsafeUnwrap())).toBe(exported);
    await again.close();
    dir.remove();
  });

  it('converts again when an open was interrupted after the conversion but before the file was removed', async () => {
    const dir = tempDir();
    const store = (await FileStateStore.open({ dir: dir.path }))._unsafeUnwrap();
    await seedLegacyContactLeads(store);
    await store.close();
    const path = join(dir.path, 'provider-contacts.jsonl');
    const legacy = LEGACY_PROVIDER_CONTACTS.map((entry) => `${JSON.stringify(entry)}\n`).join('');
    writeFileSync(path, legacy);
    await (await FileStateStore.open({ dir: dir.path }))._unsafeUnwrap().close();
    // The file is back, as if the open had crashed before removing it: a repeat is harmless.
    writeFileSync(path, legacy);
    const reopened = (await FileStateStore.open({ dir: dir.path }))._unsafeUnwrap();
    await expectLegacyContactsAdopted(reopened);
    expect((await reopened.listAliases('lead_ada' as never))._unsafeUnwrap()).toEqual(['lead_home']);
    await reopened.close();
    dir.remove();
  });
});
