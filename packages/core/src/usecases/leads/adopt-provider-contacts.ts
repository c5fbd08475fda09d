import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { parseIdentityKey, type IdentityKey } from '../../lead/identity.js';
import { survivorOrder } from '../../lead/lead-merge.js';
import type { IdentityStore } from '../../ports/identity-store.js';
import type { Leads } from '../../ports/leads.js';
import { storeUnavailable, type StoreError, type VersionConflict } from '../../ports/store-error.js';
import { addKeysToPerson } from './add-keys-to-person.js';

/**
 * One entry of the provider contact directory that versions before 2026-12-02 kept beside
 * the store (a GHL contact id and the identity keys of the card sent to it). Read only to
 * convert it: provider ids are now keys of the person.
 *
 * @category model
 */
export interface LegacyProviderContact {
  readonly provider: 'ghl';
  readonly contactId: string;
  readonly keys: readonly string[];
}

/** What a conversion did: entries whose id became a key of a lead, and entries naming no stored lead (dropped). */
export interface ProviderContactsAdopted {
  readonly adopted: number;
  readonly unmatched: number;
}

const RETRIES = 5;

const adoptOne = (store: Leads & IdentityStore, entry: LegacyProviderContact, at: string, tries = RETRIES): ResultAsync<boolean, StoreError> => {
  const id = parseIdentityKey(`${entry.provider}:${entry.contactId}`);
  if (id.isErr()) return okAsync(false);
  const named = [id.value, ...entry.keys.flatMap((k) => parseIdentityKey(k).map((key): IdentityKey[] => [key]).unwrapOr([]))];
  return store.findLeadsByKeys(named).andThen((leads) => {
    const [oldest] = [...leads].sort(survivorOrder);
    if (!oldest) return okAsync(false);
    return addKeysToPerson(store, oldest, [id.value], at, named)
      .map(() => true)
      .orElse((error: StoreError | VersionConflict): ResultAsync<boolean, StoreError> => {
        if (error._tag !== 'VersionConflict') return errAsync(error);
        // The lead changed between the read and the write (another instance at work): read again.
        return tries > 1 ? adoptOne(store, entry, at, tries - 1) : errAsync(storeUnavailable(`provider contact ${entry.contactId}: the lead kept changing`));
      });
  });
};

/**
 * Converts provider contact directory entries into identity keys: each contact id becomes
 * a key of the person its keys name (every stored lead holding any of them is merged into
 * the oldest, as a bridging record would be; they were one card's keys). An entry whose
 * keys name no stored lead (erased, or never stored) is dropped: nobody to attach it to.
 * Idempotent (a key held already changes nothing), so a conversion interrupted half way
 * is simply run again; entries are applied one after the other.
 *
 * @category model
 */
export const adoptProviderContacts = (store: Leads & IdentityStore, entries: readonly LegacyProviderContact[], at: string): ResultAsync<ProviderContactsAdopted, StoreError> =>
  entries.reduce(
    (done: ResultAsync<ProviderContactsAdopted, StoreError>, entry) => done.andThen((sum) => adoptOne(store, entry, at).map((hit) => (hit ? { ...sum, adopted: sum.adopted + 1 } : { ...sum, unmatched: sum.unmatched + 1 }))),
    okAsync({ adopted: 0, unmatched: 0 }),
  );
