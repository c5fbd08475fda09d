import { okAsync, type ResultAsync } from 'neverthrow';
import type { IdentityKey } from '../lead/identity.js';
import { unitedKeys, type ContactProvider, type ProviderContactDirectory } from '../ports/provider-contact-directory.js';
import type { StoreError } from '../ports/store-error.js';

/**
 * The provider contact directory in memory (tests, embedding, the sandbox).
 *
 * @category adapters
 */
export class MemoryProviderContactDirectory implements ProviderContactDirectory {
  private readonly entries = new Map<string, readonly IdentityKey[]>();

  remember(provider: ContactProvider, contactId: string, keys: readonly IdentityKey[]): ResultAsync<void, StoreError> {
    const id = `${provider}:${contactId}`;
    this.entries.set(id, unitedKeys(this.entries.get(id) ?? [], keys));
    return okAsync(undefined);
  }

  lookup(provider: ContactProvider, contactId: string): ResultAsync<readonly IdentityKey[], StoreError> {
    return okAsync(this.entries.get(`${provider}:${contactId}`) ?? []);
  }
}
