import {
  claimedEntry,
  sortKeys,
  suppressionTargetsForLead,
  type CardId,
  type ChannelCounts,
  type ClaimRefusalReason,
  type ClaimedPerson,
  type ClaimRefused,
  type FirstTouch,
  type IdentityKey,
  type LedgerEntry,
  type LedgerQuery,
  type OutcomeRefused,
  type OutcomeRequest,
  type Page,
  type SendClaimRequest,
  type SendLedger,
  type StoreError,
} from '@caio/core';
import { errAsync, ResultAsync } from 'neverthrow';
import { joinLedger, ledgerClaimBody, parseJsonRecord } from './record-codec.js';
import { RedisIdentity, type ClaimPerson } from './redis-identity.js';
import { applyPendingMerges, dropStaleAnnouncements } from './redis-merge-intents.js';
import { ledgerId, loadSplit, pageIndex, type RedisStoreContext } from './redis-store-context.js';

export const LEDGER_STATES = ['sending', 'sent', 'failed', 'unknown'] as const;

/** A day's per-channel hash (channel -> count, as strings) as numbers. */
export const channelCounts = (hash: Readonly<Record<string, string>>): Record<string, number> => Object.fromEntries(Object.entries(hash).map(([channel, n]) => [channel, Number(n)]));

export const loadLedger = (c: RedisStoreContext, ids: readonly string[]): Promise<(LedgerEntry | null)[]> => loadSplit(c, ids, c.keys.ledger, c.keys.ledgerMeta, joinLedger);

const ledgerEntry = (c: RedisStoreContext, cardId: CardId, step: number): ResultAsync<LedgerEntry | null, StoreError> =>
  c.call(async () => (await loadLedger(c, [ledgerId(cardId, step)]))[0] ?? null);

/** The survivor's record and whether a merge of `leadId` or `root` is pending, in one round trip to the leads slot. */
const leadSide = async (c: RedisStoreContext, leadId: string, root: string): Promise<[string | null, boolean]> => {
  const [[leadError, lead] = [null, null], [pendingError, pending] = [null, []]] = (await c.redis.pipeline().get(c.keys.lead(root)).hmget(c.keys.mergesPending(), leadId || '-', root || '-').exec()) ?? [];
  if (leadError || pendingError) throw leadError ?? pendingError;
  return [lead as string | null, (pending as (string | null)[]).some((v) => v !== null)];
};

/** A person as the claim script takes it: read (or assumed), with the root's company domain. */
type ScriptPerson = ClaimPerson & { readonly companyDomain: string | undefined };

/** Refusals that only mean "read the person and claim again": never answered to the caller. */
const readAgain = (error: StoreError | ClaimRefused): error is ClaimRefused => error._tag === 'ClaimRefused' && ((error.reason as string) === 'identity_moved' || (error.reason as string) === 'merge_announced');

/**
 * The claim in one round trip when the caller named the person (`request.person`, as
 * dispatch does from the lead it read for the policy): the script checks that the card is
 * the lead's, that the lead's root and the root's key set are exactly the ones named, and
 * that no merge of the lead or its root is announced. When any of that does not hold, the
 * person is read (`claimForCard`) and the claim made again.
 */
const claimOnNamedPerson = (c: RedisStoreContext, request: SendClaimRequest, leadId: string, named: ClaimedPerson): ResultAsync<LedgerEntry, StoreError | ClaimRefused> =>
  claimForPerson(c, request, { leadId, root: named.root, members: named.keys, companyDomain: named.companyDomain ?? undefined }, true).orElse((error) =>
    readAgain(error) ? claimForCard(c, request, 1, (error.reason as string) === 'merge_announced') : errAsync(error),
  );

/**
 * The claim decides on the person as it is now: the card's lead id, its alias and the
 * person's key set are read first and passed as the script's keys; the script checks them
 * again, and answers `identity_moved` when a merge landed in between (read again). When
 * the caller named the card's lead (`request.leadId`, as dispatch does), the first try
 * takes it instead of reading the card (the script checks it is the card's lead). The
 * leads slot is read too: the person's company domain and any merge decided there but
 * not yet applied to the send slot, which a cluster keeps apart from the send slot's
 * script (docs/state-stores.md). After an announced merge refused a claim on a named
 * person, the announcements a stopped merge left behind are removed here.
 */
const claimForCard = (c: RedisStoreContext, request: SendClaimRequest, attempt: number, announced: boolean): ResultAsync<LedgerEntry, StoreError | ClaimRefused> =>
  c
    .call(async (): Promise<ScriptPerson> => {
      const named = attempt === 1 ? request.leadId : undefined;
      const body = named === undefined ? await c.redis.get(c.keys.card(request.cardId)) : null;
      const leadId = named ?? (body === null ? '' : (JSON.parse(body) as { leadId: string }).leadId);
      const identity = new RedisIdentity(c.redis, c.keys);
      let person = await identity.claimPerson(leadId);
      // One read of the leads slot: the person's company domain (the survivor's record),
      // whose suppression key joins those the script reads, and any merge of the card's
      // lead or its root decided there but not yet applied to the send slot (a crash
      // between the two): it is applied first, so the claim decides on the merged person.
      let [lead, pending] = await leadSide(c, person.leadId, person.root);
      if (pending) {
        await applyPendingMerges(c.redis, c.keys, identity, [person.leadId, person.root]);
        person = await identity.claimPerson(leadId);
        [lead] = await leadSide(c, person.leadId, person.root);
      }
      if (announced) await dropStaleAnnouncements(c.redis, c.keys, [person.leadId, person.root], c.clock.now().getTime());
      const companyDomain = lead === null ? undefined : (JSON.parse(lead) as { companyDomain?: string }).companyDomain;
      return { ...person, companyDomain };
    })
    .andThen((person) =>
      claimForPerson(c, request, person, false).orElse((error): ResultAsync<LedgerEntry, StoreError | ClaimRefused> => {
        if (!readAgain(error)) return errAsync(error);
        return attempt < 8 ? claimForCard(c, request, attempt + 1, false) : errAsync({ _tag: 'StoreUnavailable', message: `the claim's person kept changing: ${error.detail}` });
      }),
    );

const claimForPerson = (c: RedisStoreContext, request: SendClaimRequest, person: ScriptPerson, refuseAnnounced: boolean): ResultAsync<LedgerEntry, StoreError | ClaimRefused> => {
    const k = c.keys;
    const id = ledgerId(request.cardId, request.step);
    const at = request.trace.at;
    const leadKeySet = sortKeys([...request.leadKeys, ...person.members]);
    const targets = suppressionTargetsForLead(leadKeySet, person.companyDomain);
    const entry = claimedEntry(request, leadKeySet);
    const keys = [
      k.card(request.cardId),
      k.cardMeta(request.cardId),
      k.ledger(id),
      k.ledgerMeta(id),
      k.controls(),
      k.day(request.dayKey),
      k.fence(request.fence?.resource ?? '-'),
      k.epoch(),
      k.cardsStatus('queued'),
      k.cardsStatus('sending'),
      k.ledgerAll(),
      k.ledgerState('sending'),
      k.touches(),
      k.days(),
      k.fences(),
      ...leadKeySet.map((key) => k.touch(key)),
      ...leadKeySet.map((key) => k.ledgerKey(key)),
      k.alias(person.leadId),
      k.person(person.root),
      ...leadKeySet.map((key) => k.stop(key)),
      ...targets.map((target) => k.suppression(target)),
      k.dayChannels(request.dayKey),
      k.mergeAnnounced(person.leadId),
      k.mergeAnnounced(person.root),
    ];
    const touches = leadKeySet.map((identityKey): string => JSON.stringify({ identityKey, cardId: request.cardId, channel: request.channel, at } satisfies FirstTouch));
    return c.call(() =>
      c.redis.claimSend(keys.length, ...keys, c.status.epoch ?? '', request.cardId, String(request.step), String(request.expectedVersion), request.contentDigest, request.channel, request.dayKey, String(request.dailyCap), request.fence ? String(request.fence.token) : '', at, ledgerClaimBody(entry), String(leadKeySet.length), id, ...touches, person.leadId, person.root, String(person.members.length), ...person.members, String(targets.length), request.channelDailyCap === undefined ? '' : String(request.channelDailyCap), refuseAnnounced ? '1' : ''),
    ).andThen((reply): ResultAsync<LedgerEntry, StoreError | ClaimRefused> => {
      const [verdict, detail = ''] = reply;
      if (verdict === 'ok') return ResultAsync.fromSafePromise(Promise.resolve(entry));
      if (verdict === 'blocked') {
        c.status.blocked = detail;
        return errAsync({ _tag: 'StoreBlocked', reason: detail });
      }
      return errAsync({ _tag: 'ClaimRefused', reason: verdict as ClaimRefusalReason, detail });
    });
};

/**
 * The outcome as one script call, with no read before it: the script reads the entry
 * itself (its lead keys name the first touches a failed first step frees) and answers it.
 */
const recordOutcomeScript = (c: RedisStoreContext, request: OutcomeRequest): Promise<string[]> => {
  const k = c.keys;
  const id = ledgerId(request.cardId, request.step);
  const outcome = request.outcome;
  const keys = [
    k.ledger(id),
    k.ledgerMeta(id),
    k.cardMeta(request.cardId),
    k.fence(request.fence?.resource ?? '-'),
    k.epoch(),
    ...LEDGER_STATES.map((s) => k.ledgerState(s)),
    ...LEDGER_STATES.map((s) => k.cardsStatus(s)),
    k.fences(),
    k.touches(),
  ];
  const field = outcome.state === 'sent' ? 'receipt' : 'reason';
  const value = outcome.state === 'sent' ? JSON.stringify(outcome.receipt) : outcome.reason;
  return c.redis.recordOutcome(keys.length, ...keys, c.status.epoch ?? '', request.attemptId, outcome.state, request.fence ? String(request.fence.token) : '', request.trace.at, field, value, id, request.cardId, k.send);
};

/** A flat `field, value, ...` script reply (from `start`) as a record. */
const hashReply = (reply: readonly string[], start: number): Record<string, string> => {
  const hash: Record<string, string> = {};
  for (let i = start; i + 1 < reply.length; i += 2) hash[reply[i]!] = reply[i + 1]!;
  return hash;
};

/**
 * The send ledger on Redis (`{p:send}`). `claimSend` and `recordOutcome` are the
 * cross-role steps: each is one Lua script over the keys it names (card, ledger entry,
 * controls, day counters (all channels, and per channel), fence, epoch, first touches, listings), all in one hash tag, and
 * checks the epoch marker this instance saw, so a flushed database refuses sends. The
 * outcome is one round trip: its script answers the finalised entry.
 */
export const redisSendLedger = (c: RedisStoreContext): SendLedger => ({
  claimSend(request: SendClaimRequest): ResultAsync<LedgerEntry, StoreError | ClaimRefused> {
    // A store that saw its epoch marker missing or changed refuses at once, without a read.
    const blocked = c.blockedError();
    if (blocked) return errAsync(blocked);
    return request.leadId !== undefined && request.person !== undefined ? claimOnNamedPerson(c, request, request.leadId, request.person) : claimForCard(c, request, 1, false);
  },

  recordOutcome(request: OutcomeRequest): ResultAsync<LedgerEntry, StoreError | OutcomeRefused> {
    const blocked = c.blockedError();
    if (blocked) return errAsync(blocked);
    return c.call(() => recordOutcomeScript(c, request)).andThen((reply): ResultAsync<LedgerEntry, StoreError | OutcomeRefused> => {
      const [verdict = '', detail = ''] = reply;
      if (verdict === 'blocked') {
        c.status.blocked = detail;
        return errAsync({ _tag: 'StoreBlocked', reason: detail });
      }
      if (verdict !== 'ok' && verdict !== 'same') return errAsync({ _tag: 'OutcomeRefused', reason: verdict as OutcomeRefused['reason'], detail });
      // The script answers the entry as it now is: no read after it.
      return c.call(async () => joinLedger(c.keys.ledger(ledgerId(request.cardId, request.step)), detail, hashReply(reply, 2)));
    });
  },

  getLedgerEntry(cardId: CardId, step: number): ResultAsync<LedgerEntry | null, StoreError> {
    return ledgerEntry(c, cardId, step);
  },

  listLedger(query: LedgerQuery): ResultAsync<Page<LedgerEntry>, StoreError> {
    const index = query.identityKey !== undefined ? c.keys.ledgerKey(query.identityKey) : query.state !== undefined ? c.keys.ledgerState(query.state) : c.keys.ledgerAll();
    const keep = (e: LedgerEntry) => (query.state === undefined || e.state === query.state) && (query.identityKey === undefined || e.leadKeys.includes(query.identityKey));
    return c.call(() => pageIndex(c, index, query, (ids) => loadLedger(c, ids), keep, (e) => ledgerId(e.cardId, e.step)));
  },

  getFirstTouches(keys: readonly IdentityKey[]): ResultAsync<readonly FirstTouch[], StoreError> {
    const unique = [...new Set(keys)];
    return c.call(async () => {
      if (unique.length === 0) return [];
      const values = await c.redis.mget(...unique.map((key) => c.keys.touch(key)));
      return values.flatMap((v, i) => (v === null ? [] : [parseJsonRecord<FirstTouch>(c.keys.touch(unique[i]!), v)]));
    });
  },

  countDaySends(dayKey: string): ResultAsync<number, StoreError> {
    return c.call(async () => Number((await c.redis.get(c.keys.day(dayKey))) ?? '0'));
  },

  countDayChannelSends(dayKey: string): ResultAsync<ChannelCounts, StoreError> {
    return c.call(async () => channelCounts(await c.redis.hgetall(c.keys.dayChannels(dayKey))));
  },
});
