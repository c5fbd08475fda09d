import type { ResultAsync } from 'neverthrow';
import type { ChannelCounts } from '../channel.js';
import type { CardId } from '../ids.js';
import type { IdentityKey } from '../lead/identity.js';
import type {
  ClaimRefused,
  FirstTouch,
  LedgerEntry,
  LedgerState,
  OutcomeRefused,
  OutcomeRequest,
  SendClaimRequest,
} from '../ledger/send-ledger.js';
import { token } from '../shared/token.js';
import type { Page } from './page.js';
import type { StoreError } from './store-error.js';

export interface LedgerQuery {
  readonly state?: LedgerState;
  readonly identityKey?: IdentityKey;
  readonly limit?: number;
  readonly after?: string;
}

/**
 * The send ledger: one entry per card step ever claimed, the first touch of each
 * identity key, and the sends counted per day. It owns the send decision, so its two
 * writes are the store's cross-role atomic steps (one Lua script on Redis, one journal
 * line in the file store):
 *
 * - `claimSend` reads the card, the controls (emergency stop), the first touches, the
 *   day's counts (all channels and the card's channel) and the fence, and writes the
 *   ledger entry, the first touches (step 0), both day counts and the card (`queued` to
 *   `sending`);
 * - `recordOutcome` writes the ledger entry and the card (its outcome), and frees the
 *   first touches of a step 0 that failed.
 *
 * @category ports
 */
export interface SendLedger {
  claimSend(request: SendClaimRequest): ResultAsync<LedgerEntry, StoreError | ClaimRefused>;
  recordOutcome(request: OutcomeRequest): ResultAsync<LedgerEntry, StoreError | OutcomeRefused>;
  getLedgerEntry(cardId: CardId, step: number): ResultAsync<LedgerEntry | null, StoreError>;
  listLedger(query: LedgerQuery): ResultAsync<Page<LedgerEntry>, StoreError>;
  getFirstTouches(keys: readonly IdentityKey[]): ResultAsync<readonly FirstTouch[], StoreError>;
  countDaySends(dayKey: string): ResultAsync<number, StoreError>;
  /** The day's claims per channel (channels with none are absent); they sum to `countDaySends`. */
  countDayChannelSends(dayKey: string): ResultAsync<ChannelCounts, StoreError>;
}
export const SendLedger = token<SendLedger>('SendLedger');
