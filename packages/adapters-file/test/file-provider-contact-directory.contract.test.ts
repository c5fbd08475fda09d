import { FileProviderContactDirectory } from '@caio/adapters-file';
import type { IdentityKey } from '@caio/core';
import { providerContactDirectoryContract } from '@caio/testkit/contracts';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './temp-dir.js';

providerContactDirectoryContract('file', async () => {
  const dir = tempDir();
  return {
    directory: (await FileProviderContactDirectory.open(dir.path))._unsafeUnwrap(),
    reopen: async () => (await FileProviderContactDirectory.open(dir.path))._unsafeUnwrap(),
    dispose: async () => dir.remove(),
  };
}, { durable: true });

describe('FileProviderContactDirectory', () => {
  it('appends only new facts, and skips a torn last line at open', async () => {
    const dir = tempDir();
    try {
      const directory = (await FileProviderContactDirectory.open(dir.path))._unsafeUnwrap();
      (await directory.remember('ghl', 'ct_1', ['email:a@b.example' as IdentityKey]))._unsafeUnwrap();
      (await directory.remember('ghl', 'ct_1', ['email:a@b.example' as IdentityKey]))._unsafeUnwrap();
      const file = join(dir.path, 'provider-contacts.jsonl');
      expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
      appendFileSync(file, '{"provider":"ghl","contactId":"ct_2","ke');
      const reopened = (await FileProviderContactDirectory.open(dir.path))._unsafeUnwrap();
      expect((await reopened.lookup('ghl', 'ct_1'))._unsafeUnwrap()).toEqual(['email:a@b.example']);
      expect((await reopened.lookup('ghl', 'ct_2'))._unsafeUnwrap()).toEqual([]);
    } finally {
      dir.remove();
    }
  });
});