import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { ChannelCounts } from '../channel.js';
import type { CardId } from '../ids.js';
import type { IdentityKey } from '../lead/identity.js';
import {
  claimedEntry,
  type ClaimRefusalReason,
  type ClaimRefused,
  type FirstTouch,
  type LedgerEntry,
  type OutcomeRefused,
  type OutcomeRequest,
  type SendClaimRequest,
} from '../ledger/send-ledger.js';
import type { Page } from '../ports/page.js';
import type { LedgerQuery, SendLedger } from '../ports/send-ledger.js';
import type { StoreError } from '../ports/store-error.js';
import { claimKeys, personRefusal, resolveLead } from './memory-identity.js';
import type { MemoryMachine } from './memory-machine.js';
import { clone, deepFreeze, findEach, indexLedgerEntry, ledgerId } from './memory-state.js';
import { pageSorted } from './page.js';

const refuse = (reason: ClaimRefusalReason, detail: string): ClaimRefused => ({ _tag: 'ClaimRefused', reason, detail });
const outcomeRefused = (reason: OutcomeRefused['reason'], detail: string): OutcomeRefused => ({ _tag: 'OutcomeRefused', reason, detail });

/** Which outcome transitions the ledger allows (repeating the current state is a no-op). */
const OUTCOME_TRANSITIONS: Readonly<Record<LedgerEntry['state'], readonly LedgerEntry['state'][]>> = {
  sending: ['sent', 'failed', 'unknown'],
  unknown: ['sent', 'failed'],
  sent: [],
  failed: [],
};

/**
 * The reference `SendLedger`. `claimSend` and `recordOutcome` are the store's
 * cross-role steps: each reads and writes cards, controls, first touches, day counts
 * and fences inside one `run`, so they are as atomic as every other operation.
 */
export const memorySendLedger = (m: MemoryMachine): SendLedger => ({
  claimSend(request: SendClaimRequest): ResultAsync<LedgerEntry, StoreError | ClaimRefused> {
    return m.run<LedgerEntry, ClaimRefused>(() => {
      const s = m.state;
      const card = s.cards[request.cardId];
      if (!card) return errAsync(refuse('card_not_found', `card ${request.cardId} does not exist`));
      if (s.controls?.emergencyStop.engaged) return errAsync(refuse('emergency_stop', 'the emergency stop is engaged'));
      if (s.controls?.pausedChannels?.includes(request.channel)) return errAsync(refuse('channel_paused', `sends on ${request.channel} are paused`));
      if (request.campaignId !== undefined && s.controls?.pausedCampaigns?.includes(request.campaignId)) return errAsync(refuse('campaign_paused', `campaign ${request.campaignId} is paused`));
      if (s.ledger[ledgerId(request.cardId, request.step)]) {
        return errAsync(refuse('card_step_claimed', `card ${request.cardId} step ${request.step} was already claimed`));
      }
      if (card.status !== 'queued') return errAsync(refuse('card_not_queued', `card is ${card.status}, not queued`));
      if (card.version !== request.expectedVersion) {
        return errAsync(refuse('version_mismatch', `card is at version ${card.version}, expected ${request.expectedVersion}`));
      }
      if (card.contentDigest !== request.contentDigest) return errAsync(refuse('digest_mismatch', 'card content changed'));
      // The person as it is now, not as it was when the card was crafted.
      const keys = claimKeys(s, card.leadId, request.leadKeys);
      for (const key of keys) {
        const touch = s.firstTouches[key];
        if (!touch) continue;
        if (touch.channel !== request.channel) {
          return errAsync(refuse('channel_locked', `${key} is bound to ${touch.channel} by card ${touch.cardId}`));
        }
        if (request.step === 0 && touch.cardId !== request.cardId) {
          return errAsync(refuse('lead_already_touched', `${key} was first touched by card ${touch.cardId}`));
        }
      }
      const person = personRefusal(s, request, keys, resolveLead(s, card.leadId)?.companyDomain);
      if (person) return errAsync(refuse(person.reason, person.detail));
      const sentToday = s.daySends[request.dayKey] ?? 0;
      if (sentToday >= request.dailyCap) {
        return errAsync(refuse('daily_cap_reached', `${sentToday} of ${request.dailyCap} sends used on ${request.dayKey}`));
      }
      const byChannel = s.dayChannelSends[request.dayKey] ?? {};
      const sentOnChannel = byChannel[request.channel] ?? 0;
      if (request.channelDailyCap !== undefined && sentOnChannel >= request.channelDailyCap) {
        return errAsync(refuse('channel_daily_cap_reached', `${sentOnChannel} of ${request.channelDailyCap} ${request.channel} sends used on ${request.dayKey}`));
      }
      if (m.fenceIsStale(request.fence)) return errAsync(refuse('stale_fence', `fence ${request.fence?.token} is stale`));

      const at = request.trace.at;
      const entry = claimedEntry(request, keys);
      m.writeLedgerEntry(entry);
      indexLedgerEntry(s, entry);
      if (request.step === 0) {
        for (const key of keys) s.firstTouches[key] = { identityKey: key, cardId: request.cardId, channel: request.channel, at };
      }
      s.daySends[request.dayKey] = sentToday + 1;
      s.dayChannelSends[request.dayKey] = { ...byChannel, [request.channel]: sentOnChannel + 1 };
      m.writeCard(card.id, { ...card, status: 'sending', version: card.version + 1, updatedAt: at });
      return okAsync(deepFreeze(entry));
    });
  },

  recordOutcome(request: OutcomeRequest): ResultAsync<LedgerEntry, StoreError | OutcomeRefused> {
    return m.run<LedgerEntry, OutcomeRefused>(() => {
      const s = m.state;
      const id = ledgerId(request.cardId, request.step);
      const entry = s.ledger[id];
      if (!entry) return errAsync(outcomeRefused('no_claim', `no claim for card ${request.cardId} step ${request.step}`));
      if (entry.attemptId !== request.attemptId) {
        return errAsync(outcomeRefused('attempt_mismatch', `claim belongs to attempt ${entry.attemptId}`));
      }
      const target = request.outcome.state;
      if (entry.state === target) return okAsync(deepFreeze(entry));
      if (!OUTCOME_TRANSITIONS[entry.state].includes(target)) {
        return errAsync(outcomeRefused('illegal_outcome', `ledger entry is ${entry.state}; cannot become ${target}`));
      }
      if (m.fenceIsStale(request.fence)) return errAsync(outcomeRefused('stale_fence', `fence ${request.fence?.token} is stale`));

      const at = request.trace.at;
      // The store keeps its own copy of the receipt: the caller's object stays the caller's.
      const outcome = request.outcome.state === 'sent' ? { ...request.outcome, receipt: clone(request.outcome.receipt) } : request.outcome;
      const next: LedgerEntry = {
        ...entry,
        state: target,
        finalisedAt: at,
        ...(outcome.state === 'sent' ? { receipt: outcome.receipt } : { reason: outcome.reason }),
      };
      m.writeLedgerEntry(next);
      if (target === 'failed' && entry.step === 0) {
        // Nothing was delivered: the lead is free for another first touch.
        for (const key of entry.leadKeys) {
          if (s.firstTouches[key]?.cardId === entry.cardId) delete s.firstTouches[key];
        }
      }
      const card = s.cards[entry.cardId];
      if (card) {
        m.writeCard(card.id, {
          ...card,
          status: target,
          version: card.version + 1,
          updatedAt: at,
          ...(outcome.state === 'sent' ? { receipt: outcome.receipt } : { outcomeReason: outcome.reason }),
        });
      }
      return okAsync(deepFreeze(next));
    });
  },

  getLedgerEntry(cardId: CardId, step: number): ResultAsync<LedgerEntry | null, StoreError> {
    return m.frozen(() => m.state.ledger[ledgerId(cardId, step)] ?? null);
  },

  listLedger(query: LedgerQuery): ResultAsync<Page<LedgerEntry>, StoreError> {
    return m.value(() => {
      const s = m.state;
      const keep = (e: LedgerEntry | undefined): e is LedgerEntry => e !== undefined && (query.state === undefined || e.state === query.state) && (query.identityKey === undefined || e.leadKeys.includes(query.identityKey));
      // A person's sends (few) from the identity-key index; otherwise the state index.
      const ids = query.identityKey !== undefined ? [...(s.ledgerByKey[query.identityKey] ?? [])].sort() : m.indexes.ledger.list(query.state === undefined ? 'all' : `state:${query.state}`, s.ledger);
      return pageSorted(ids, (id) => s.ledger[id], query.limit, query.after, keep);
    });
  },

  getFirstTouches(keys: readonly IdentityKey[]): ResultAsync<readonly FirstTouch[], StoreError> {
    return m.value(() => findEach(m.state.firstTouches, keys));
  },

  countDaySends(dayKey: string): ResultAsync<number, StoreError> {
    return m.value(() => m.state.daySends[dayKey] ?? 0);
  },

  countDayChannelSends(dayKey: string): ResultAsync<ChannelCounts, StoreError> {
    return m.value(() => m.state.dayChannelSends[dayKey] ?? {});
  },
});
