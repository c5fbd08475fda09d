import { adoptProviderContacts, type IdentityStore, type LegacyProviderContact, type Leads } from '@caio/core';
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** The file versions before 2026-12-02 kept the provider contact directory in. */
export const LEGACY_PROVIDER_CONTACTS = 'provider-contacts.jsonl';

/** One line of it: a contact and keys it was told about. */
const line = z.object({ provider: z.literal('ghl'), contactId: z.string().min(1), keys: z.array(z.string().min(1)) });

const entriesOf = (text: string): LegacyProviderContact[] =>
  text.split('\n').flatMap((raw) => {
    try {
      const entry = line.safeParse(JSON.parse(raw));
      return entry.success ? [entry.data] : [];
    } catch {
      // A torn last line (the directory appended without a checksum): its send also recorded the id as a key.
      return [];
    }
  });

/**
 * Converts the provider contact directory a store directory may hold from an older
 * version (`provider-contacts.jsonl`): each GHL contact id becomes the identity key
 * `ghl:<id>` of the person it named, then the file is removed. Runs at every open until
 * the file is gone; an open interrupted half way converts again (idempotent), and a
 * conversion that fails leaves the file for the next open.
 *
 * @category adapters
 */
export const adoptLegacyProviderContacts = async (store: Leads & IdentityStore, dir: string, at: string): Promise<void> => {
  const path = join(dir, LEGACY_PROVIDER_CONTACTS);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
  if (text === null) return;
  const adopted = await adoptProviderContacts(store, entriesOf(text), at);
  if (adopted.isErr()) throw new Error(`${LEGACY_PROVIDER_CONTACTS}: ${adopted.error._tag}`);
  await unlink(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
};
