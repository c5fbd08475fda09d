import type { ResultAsync } from 'neverthrow';
import type { ErasurePlan } from '../lead/erasure.js';
import { token } from '../shared/token.js';
import type { StoreError } from './store-error.js';

/** What an erasure removed and redacted, counted (for the operator and the audit). @category ports */
export interface ErasureReport {
  readonly leads: number;
  readonly cardsDeleted: number;
  readonly cardsRedacted: number;
  readonly ledgerEntries: number;
  readonly inboxEvents: number;
  readonly quarantined: number;
  readonly auditEntries: number;
}

/**
 * The erasure role of a store (GDPR Art. 17): forgets a person everywhere the store holds
 * it. Leads and aliases are deleted; unsent cards are deleted, sent ones kept with their
 * texts redacted; ledger entries, first touches and cadence stops keep their facts under
 * the keys' hashed stand-ins; inbox payloads, quarantined bodies, batch items and audit
 * entries have every personal value replaced by its keyed hash; the person's suppressions
 * become the plan's tombstones. Durable stores leave no copy in clear behind (the file
 * store compacts at once).
 *
 * @category ports
 */
export interface ErasureStore {
  erasePerson(plan: ErasurePlan): ResultAsync<ErasureReport, StoreError>;
}
export const ErasureStore = token<ErasureStore>('ErasureStore');
