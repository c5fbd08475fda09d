import { okAsync, type ResultAsync } from 'neverthrow';
import type { IdentityKey } from '../lead/identity.js';
import type { ContactProvider, ProviderContactDirectory } from '../ports/provider-contact-directory.js';
import type { StoreError } from '../ports/store-error.js';

/**
 * The provider contact directory of the dual backend: remembered in the primary (its
 * answer is the answer) and then in the secondary, read from the primary. A secondary
 * that fails is not an error: the directory only adds matches, and the next send to the
 * contact remembers it again.
 *
 * @category adapters
 */
export class DualProviderContactDirectory implements ProviderContactDirectory {
  constructor(
    private readonly primary: ProviderContactDirectory,
    private readonly secondary: ProviderContactDirectory,
  ) {}

  remember(provider: ContactProvider, contactId: string, keys: readonly IdentityKey[]): ResultAsync<void, StoreError> {
    return this.primary.remember(provider, contactId, keys).andThen(() => this.secondary.remember(provider, contactId, keys).orElse(() => okAsync(undefined)));
  }

  lookup(provider: ContactProvider, contactId: string): ResultAsync<readonly IdentityKey[], StoreError> {
    return this.primary.lookup(provider, contactId);
  }
}
