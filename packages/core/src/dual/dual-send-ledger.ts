import { errAsync, type ResultAsync } from 'neverthrow';
import type { ChannelCounts } from '../channel.js';
import type { CardId } from '../ids.js';
import type { IdentityKey } from '../lead/identity.js';
import type { ClaimRefused, FirstTouch, LedgerEntry, OutcomeRefused, OutcomeRequest, SendClaimRequest } from '../ledger/send-ledger.js';
import type { Page } from '../ports/page.js';
import type { LedgerQuery, SendLedger } from '../ports/send-ledger.js';
import type { StoreError } from '../ports/store-error.js';
import { canonicalJson } from '../shared/canonical-json.js';
import type { DualRouter } from './dual-router.js';

/**
 * `SendLedger` over two stores. A claim that touches a card, ledger entry or first touch
 * with unrepaired drift is refused (`StoreBlocked`): no send decision from divergent state.
 */
export const dualSendLedger = (d: DualRouter): SendLedger => ({
  claimSend(request: SendClaimRequest): ResultAsync<LedgerEntry, StoreError | ClaimRefused> {
    return d.divergent([`card:${request.cardId}`, `ledger:${request.cardId}#${request.step}`, ...request.leadKeys.map((k) => `touch:${k}`)]).andThen((blocked) =>
      blocked
        ? errAsync<LedgerEntry, StoreError | ClaimRefused>({ _tag: 'StoreBlocked', reason: `${blocked} differs between the stores and is not repaired yet; run caio reconcile --repair-drift` })
        : d.write('claimSend', [`ledger:${request.cardId}#${request.step}`, `card:${request.cardId}`, ...request.leadKeys.map((k) => `touch:${k}`)], (s) => s.claimSend(request)),
    );
  },
  recordOutcome(request: OutcomeRequest): ResultAsync<LedgerEntry, StoreError | OutcomeRefused> {
    return d.write('recordOutcome', [`ledger:${request.cardId}#${request.step}`, `card:${request.cardId}`], (s) => s.recordOutcome(request));
  },
  getLedgerEntry(cardId: CardId, step: number): ResultAsync<LedgerEntry | null, StoreError> {
    return d.read('getLedgerEntry', [`ledger:${cardId}#${step}`], (s) => s.getLedgerEntry(cardId, step));
  },
  listLedger(query: LedgerQuery): ResultAsync<Page<LedgerEntry>, StoreError> {
    return d.read('listLedger', [`ledger-list:${canonicalJson(query)}`], (s) => s.listLedger(query));
  },
  getFirstTouches(keys: readonly IdentityKey[]): ResultAsync<readonly FirstTouch[], StoreError> {
    return d.read('getFirstTouches', keys.map((k) => `touch:${k}`), (s) => s.getFirstTouches(keys));
  },
  countDaySends(dayKey: string): ResultAsync<number, StoreError> {
    return d.read('countDaySends', [`day:${dayKey}`], (s) => s.countDaySends(dayKey));
  },
  countDayChannelSends(dayKey: string): ResultAsync<ChannelCounts, StoreError> {
    return d.read('countDayChannelSends', [`day:${dayKey}`], (s) => s.countDayChannelSends(dayKey));
  },
});
