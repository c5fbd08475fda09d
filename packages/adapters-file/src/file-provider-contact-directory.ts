import type { ContactProvider, IdentityKey, ProviderContactDirectory, StoreError } from '@caio/core';
import { unitedKeys } from '@caio/core';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { okAsync, ResultAsync } from 'neverthrow';
import { z } from 'zod';

/** One line of `provider-contacts.jsonl`: a contact and keys it was told about. */
const line = z.object({ provider: z.literal('ghl'), contactId: z.string().min(1), keys: z.array(z.string().min(1)) });

const unavailable = (error: unknown): StoreError => ({ _tag: 'StoreUnavailable', message: `provider contacts file: ${(error as Error).message}` });

/**
 * The provider contact directory of the file backend: an append-only JSON-lines file in
 * the state directory (`provider-contacts.jsonl`), read into memory at open, each new
 * fact appended and synced before it is answered. A line that does not parse (a torn
 * last write) is skipped; what it held is remembered again at the next send.
 *
 * @category adapters
 */
export class FileProviderContactDirectory implements ProviderContactDirectory {
  private readonly entries = new Map<string, readonly IdentityKey[]>();

  private constructor(private readonly path: string) {}

  static open(dir: string): ResultAsync<FileProviderContactDirectory, StoreError> {
    const directory = new FileProviderContactDirectory(join(dir, 'provider-contacts.jsonl'));
    return ResultAsync.fromPromise(
      (async () => {
        await mkdir(dir, { recursive: true });
        const text = await readFile(directory.path, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? '' : Promise.reject(error)));
        for (const raw of text.split('\n')) {
          if (!raw.trim()) continue;
          let parsed: unknown;
          try {
            parsed = JSON.parse(raw);
          } catch {
            continue;
          }
          const entry = line.safeParse(parsed);
          if (entry.success) directory.unite(entry.data.provider, entry.data.contactId, entry.data.keys as IdentityKey[]);
        }
        return directory;
      })(),
      unavailable,
    );
  }

  private unite(provider: ContactProvider, contactId: string, keys: readonly IdentityKey[]): void {
    const id = `${provider}:${contactId}`;
    this.entries.set(id, unitedKeys(this.entries.get(id) ?? [], keys));
  }

  remember(provider: ContactProvider, contactId: string, keys: readonly IdentityKey[]): ResultAsync<void, StoreError> {
    const known = this.entries.get(`${provider}:${contactId}`) ?? [];
    if (keys.every((k) => known.includes(k))) return okAsync(undefined);
    const text = `${JSON.stringify({ provider, contactId, keys })}\n`;
    return ResultAsync.fromPromise(
      (async () => {
        const handle = await open(this.path, 'a');
        try {
          await handle.appendFile(text);
          await handle.datasync();
        } finally {
          await handle.close();
        }
      })(),
      unavailable,
    ).map(() => {
      this.unite(provider, contactId, keys);
    });
  }

  lookup(provider: ContactProvider, contactId: string): ResultAsync<readonly IdentityKey[], StoreError> {
    return okAsync(this.entries.get(`${provider}:${contactId}`) ?? []);
  }
}
