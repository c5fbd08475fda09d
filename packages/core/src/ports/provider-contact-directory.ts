import type { ResultAsync } from 'neverthrow';
import type { IdentityKey } from '../lead/identity.js';
import { token } from '../shared/token.js';
import type { StoreError } from './store-error.js';

/** A provider that names people by its own contact id (GHL: `contactId`). @category model */
export type ContactProvider = 'ghl';

/**
 * Which person a provider's contact id is: written when a send to that contact succeeds
 * (the receipt carries the id), read when a webhook names the contact, so its events
 * match the person by the id the provider always sends before any address it may or may
 * not send. A role port of the state store: every backend has one.
 *
 * @category ports
 */
export interface ProviderContactDirectory {
  /** Records (or extends) the identity keys of a provider contact; idempotent. */
  remember(provider: ContactProvider, contactId: string, keys: readonly IdentityKey[]): ResultAsync<void, StoreError>;
  /** The identity keys recorded for a provider contact; empty when it is unknown. */
  lookup(provider: ContactProvider, contactId: string): ResultAsync<readonly IdentityKey[], StoreError>;
}
export const ProviderContactDirectory = token<ProviderContactDirectory>('ProviderContactDirectory');

/** The keys recorded before with the new ones, without repeats, in a stable order. */
export const unitedKeys = (known: readonly IdentityKey[], added: readonly IdentityKey[]): readonly IdentityKey[] => [...new Set([...known, ...added])].sort();
