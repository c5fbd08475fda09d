import type { ResultAsync } from 'neverthrow';
import type { LedgerEntry } from '../../ledger/send-ledger.js';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { StoreError } from '../../ports/store-error.js';
import type { Clock } from '../../ports/clock.js';
import { listAllLedger } from './list-all-ledger.js';

/**
 * Claims still `sending` past the recovery threshold: their dispatcher most likely died
 * mid-send, so whether the provider got the message is in doubt until recovery turns
 * them `unknown` and someone resolves them. Reports list them; they are never "clean".
 *
 * @category model
 */
export const listInDoubtSends = (deps: { readonly store: SendLedger; readonly clock: Clock }, olderThanMs: number): ResultAsync<readonly LedgerEntry[], StoreError> => {
  const cutoff = new Date(deps.clock.now().getTime() - olderThanMs).toISOString();
  return listAllLedger(deps.store, { state: 'sending' }).map((entries) => entries.filter((e) => e.claimedAt <= cutoff));
};
