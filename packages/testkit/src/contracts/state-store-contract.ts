import {
  initialControls,
  storeRecordKey,
  type AttemptId,
  type AuditEntry,
  type Batch,
  type BatchId,
  type Card,
  type EventId,
  type IdentityKey,
  type Lead,
  type StateStore,
  type TraceId,
} from '@caio/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aCard, aClaim, aLead, aTrace, AT } from '../builders.js';
import { ManualClock } from '../clock/manual-clock.js';

/** What an adapter hands the contract: a fresh, empty store, and how to restart it. @category testing */
export interface StateStoreHarness {
  readonly store: StateStore;
  /** Close the store and open it again on the same data; omit for volatile stores. */
  readonly reopen?: () => Promise<StateStore>;
  readonly dispose?: () => Promise<void>;
}

/** Builds a fresh harness; the store must read "now" from `clock` (inbox expiry). */
export type StateStoreFactory = (clock: ManualClock) => Promise<StateStoreHarness>;

const queued = (card: Card): Card => ({ ...card, status: 'queued' });

/**
 * The `StateStore` contract: every adapter (memory, file, Redis, dual) runs this same
 * suite, so "behaves like the reference" is checked, not hoped for.
 *
 * @category testing
 */
export interface StateStoreContractOptions {
  /** Durable stores must provide `reopen`; the restart case then runs. */
  readonly durable: boolean;
}

export const describeStateStoreContract = (name: string, factory: StateStoreFactory, options: StateStoreContractOptions = { durable: false }): void => {
  describe(`StateStore contract (${name})`, () => {
    let clock: ManualClock;
    let harness: StateStoreHarness;
    let store: StateStore;

    beforeEach(async () => {
      clock = new ManualClock(AT);
      harness = await factory(clock);
      store = harness.store;
    });

    afterEach(async () => {
      await store.close();
      await harness.dispose?.();
    });

    const putQueued = async (card: Card): Promise<Card> => (await store.putCard(queued(card), null))._unsafeUnwrap();

    describe('leads', () => {
      it('creates with expected version null and refuses a second create', async () => {
        const lead = aLead('ada');
        expect((await store.putLead(lead, null))._unsafeUnwrap()).toEqual(lead);
        expect((await store.getLead(lead.id))._unsafeUnwrap()).toEqual(lead);
        const again = await store.putLead(lead, null);
        expect(again._unsafeUnwrapErr()).toMatchObject({ _tag: 'VersionConflict', entity: 'lead', expected: null, actual: 1 });
      });

      it('updates only at the version read', async () => {
        const lead = aLead('ada');
        await store.putLead(lead, null);
        const stale = await store.putLead({ ...lead, title: 'CEO', version: 2 }, 7);
        expect(stale._unsafeUnwrapErr()).toMatchObject({ _tag: 'VersionConflict', expected: 7, actual: 1 });
        expect((await store.putLead({ ...lead, title: 'CEO', version: 2 }, 1))._unsafeUnwrap().title).toBe('CEO');
        expect((await store.getLead(lead.id))._unsafeUnwrap()?.version).toBe(2);
      });

      it('returns null for an unknown id', async () => {
        expect((await store.getLead(aLead('nobody').id))._unsafeUnwrap()).toBeNull();
      });

      it('finds a lead by any identity key, once', async () => {
        const lead = aLead('ada');
        await store.putLead(lead, null);
        const byEmail = await store.findLeadsByKeys([`email:${lead.identity.email}` as IdentityKey]);
        const byBoth = await store.findLeadsByKeys([`email:${lead.identity.email}`, `linkedin:${lead.identity.linkedin}`] as IdentityKey[]);
        const none = await store.findLeadsByKeys(['email:nobody@else.example' as IdentityKey]);
        expect(byEmail._unsafeUnwrap().map((l) => l.id)).toEqual([lead.id]);
        expect(byBoth._unsafeUnwrap().map((l) => l.id)).toEqual([lead.id]);
        expect(none._unsafeUnwrap()).toEqual([]);
      });

      it('lists by source label in id order, page by page', async () => {
        for (const id of ['c', 'a', 'e', 'b', 'd']) await store.putLead(aLead(id, { sourceLabel: 'wpromote' }), null);
        await store.putLead(aLead('z', { sourceLabel: 'other' }), null);
        const first = (await store.listLeads({ sourceLabel: 'wpromote', limit: 2 }))._unsafeUnwrap();
        expect(first.items.map((l) => l.id)).toEqual(['a', 'b']);
        expect(first.next).toBe('b');
        const second = (await store.listLeads({ sourceLabel: 'wpromote', limit: 2, after: 'b' }))._unsafeUnwrap();
        expect(second.items.map((l) => l.id)).toEqual(['c', 'd']);
        const last = (await store.listLeads({ sourceLabel: 'wpromote', limit: 2, after: 'd' }))._unsafeUnwrap();
        expect(last.items.map((l) => l.id)).toEqual(['e']);
        expect(last.next).toBeUndefined();
        expect((await store.listLeads({}))._unsafeUnwrap().items).toHaveLength(6);
      });
    });

    describe('cards and batches', () => {
      it('compare-and-sets cards on version', async () => {
        const card = aCard('card_1', aLead('ada'));
        await store.putCard(card, null);
        expect((await store.putCard(card, null))._unsafeUnwrapErr()).toMatchObject({ _tag: 'VersionConflict', entity: 'card' });
        const approved = { ...card, status: 'approved' as const, version: 2 };
        expect((await store.putCard(approved, 1))._unsafeUnwrap().status).toBe('approved');
        expect((await store.putCard({ ...approved, version: 3 }, 1))._unsafeUnwrapErr()).toMatchObject({ expected: 1, actual: 2 });
        expect((await store.getCard(card.id))._unsafeUnwrap()).toEqual(approved);
        expect((await store.getCard(aCard('card_x', aLead('x')).id))._unsafeUnwrap()).toBeNull();
      });

      it('lists cards by status, channel and lead, in id order', async () => {
        const ada = aLead('ada');
        const bob = aLead('bob');
        await store.putCard(aCard('card_3', ada), null);
        await store.putCard(aCard('card_1', bob, { channel: 'instantly', campaignId: 'cmp' }), null);
        await store.putCard(aCard('card_2', ada, { status: 'approved' }), null);
        const pending = (await store.listCards({ status: 'pending' }))._unsafeUnwrap();
        expect(pending.items.map((c) => c.id)).toEqual(['card_1', 'card_3']);
        expect((await store.listCards({ channel: 'instantly' }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_1']);
        expect((await store.listCards({ leadId: ada.id }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_2', 'card_3']);
        const page = (await store.listCards({ limit: 1, after: 'card_1' }))._unsafeUnwrap();
        expect(page.items.map((c) => c.id)).toEqual(['card_2']);
        expect(page.next).toBe('card_2');
      });

      it('moves a card between status listings when its status changes', async () => {
        const card = aCard('card_1', aLead('ada'));
        await store.putCard(card, null);
        await store.putCard({ ...card, status: 'approved', version: 2 }, 1);
        expect((await store.listCards({ status: 'pending' }))._unsafeUnwrap().items).toEqual([]);
        expect((await store.listCards({ status: 'approved' }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_1']);
      });

      it('compare-and-sets batches on version', async () => {
        const batch: Batch = {
          id: 'batch_1' as BatchId,
          items: [],
          snapshotDigest: 'd',
          status: 'open',
          createdBy: 'tester',
          createdAt: AT,
          updatedAt: AT,
          version: 1,
          outcomes: [],
        };
        expect((await store.putBatch(batch, null))._unsafeUnwrap()).toEqual(batch);
        expect((await store.putBatch(batch, null))._unsafeUnwrapErr()).toMatchObject({ _tag: 'VersionConflict', entity: 'batch' });
        const executing = { ...batch, status: 'executing' as const, version: 2 };
        expect((await store.putBatch(executing, 1))._unsafeUnwrap().status).toBe('executing');
        expect((await store.getBatch(batch.id))._unsafeUnwrap()).toEqual(executing);
        expect((await store.getBatch('batch_none' as BatchId))._unsafeUnwrap()).toBeNull();
      });
    });

    describe('send claim', () => {
      it('claims atomically: ledger sending, card sending, first touch bound, day counted', async () => {
        const lead = aLead('ada');
        const card = await putQueued(aCard('card_1', lead));
        const entry = (await store.claimSend(aClaim(card)))._unsafeUnwrap();
        expect(entry).toMatchObject({ cardId: card.id, step: 0, state: 'sending', channel: 'ghl_email', dayKey: '2026-03-02', claimedAt: AT });
        expect((await store.getLedgerEntry(card.id, 0))._unsafeUnwrap()).toEqual(entry);
        const stored = (await store.getCard(card.id))._unsafeUnwrap();
        expect(stored).toMatchObject({ status: 'sending', version: card.version + 1 });
        const touches = (await store.getFirstTouches(card.leadKeys))._unsafeUnwrap();
        expect(touches.map((t) => [t.identityKey, t.cardId, t.channel])).toEqual(card.leadKeys.map((k) => [k, card.id, 'ghl_email']));
        expect((await store.countDaySends('2026-03-02'))._unsafeUnwrap()).toBe(1);
        expect((await store.countDaySends('2026-03-03'))._unsafeUnwrap()).toBe(0);
      });

      it('refuses a second claim of the same card step', async () => {
        const card = await putQueued(aCard('card_1', aLead('ada')));
        await store.claimSend(aClaim(card));
        const again = await store.claimSend(aClaim(card, { expectedVersion: card.version + 1, attemptId: 'attempt_again' as AttemptId }));
        expect(again._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'card_step_claimed' });
        expect((await store.countDaySends('2026-03-02'))._unsafeUnwrap()).toBe(1);
      });

      it('refuses unknown, unqueued, changed or re-written cards', async () => {
        const lead = aLead('ada');
        const missing = aCard('card_missing', lead);
        expect((await store.claimSend(aClaim(missing)))._unsafeUnwrapErr()).toMatchObject({ reason: 'card_not_found' });
        const approved = (await store.putCard(aCard('card_1', lead, { status: 'approved' }), null))._unsafeUnwrap();
        expect((await store.claimSend(aClaim(approved)))._unsafeUnwrapErr()).toMatchObject({ reason: 'card_not_queued' });
        const card = await putQueued(aCard('card_2', aLead('bob')));
        expect((await store.claimSend(aClaim(card, { expectedVersion: 9 })))._unsafeUnwrapErr()).toMatchObject({ reason: 'version_mismatch' });
        expect((await store.claimSend(aClaim(card, { contentDigest: 'other' })))._unsafeUnwrapErr()).toMatchObject({ reason: 'digest_mismatch' });
        expect((await store.getCard(card.id))._unsafeUnwrap()?.status).toBe('queued');
        expect((await store.getLedgerEntry(card.id, 0))._unsafeUnwrap()).toBeNull();
      });

      it('gives a lead one first touch across cards and identity keys', async () => {
        const lead = aLead('ada');
        const first = await putQueued(aCard('card_1', lead));
        await store.claimSend(aClaim(first));
        // Another record of the same person that shares only the LinkedIn key.
        const twin = aLead('ada2', { email: 'other@acme.example', linkedinUrl: 'https://uk.linkedin.com/in/ada?trk=x' });
        const second = await putQueued(aCard('card_2', twin));
        const refused = await store.claimSend(aClaim(second));
        expect(refused._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'lead_already_touched' });
        expect((await store.getFirstTouches(second.leadKeys))._unsafeUnwrap().map((t) => t.cardId)).toEqual(['card_1']);
      });

      it('keeps a lead on its first channel', async () => {
        const lead = aLead('ada');
        const ghl = await putQueued(aCard('card_1', lead));
        await store.claimSend(aClaim(ghl));
        const instantly = await putQueued(aCard('card_2', lead, { channel: 'instantly', campaignId: 'cmp', step: 1 }));
        const refused = await store.claimSend(aClaim(instantly));
        expect(refused._unsafeUnwrapErr()).toMatchObject({ reason: 'channel_locked' });
        const followUp = await putQueued(aCard('card_3', lead, { step: 1, body: 'A follow-up on my note.' }));
        expect((await store.claimSend(aClaim(followUp)))._unsafeUnwrap().state).toBe('sending');
      });

      it('enforces the daily cap inside the claim', async () => {
        const cards = await Promise.all(['a', 'b', 'c'].map((id) => putQueued(aCard(`card_${id}`, aLead(id)))));
        expect((await store.claimSend(aClaim(cards[0]!, { dailyCap: 2 }))).isOk()).toBe(true);
        expect((await store.claimSend(aClaim(cards[1]!, { dailyCap: 2 }))).isOk()).toBe(true);
        expect((await store.claimSend(aClaim(cards[2]!, { dailyCap: 2 })))._unsafeUnwrapErr()).toMatchObject({ reason: 'daily_cap_reached' });
        expect((await store.claimSend(aClaim(cards[2]!, { dailyCap: 2, dayKey: '2026-03-03' }))).isOk()).toBe(true);
        expect((await store.countDaySends('2026-03-02'))._unsafeUnwrap()).toBe(2);
      });

      it('refuses while the emergency stop is engaged, writing nothing', async () => {
        const card = await putQueued(aCard('card_1', aLead('ada')));
        const controls = { ...initialControls(AT), emergencyStop: { engaged: true, by: 'ops', reason: 'drill', at: AT }, version: 1 };
        await store.putControls(controls, 0);
        expect((await store.claimSend(aClaim(card)))._unsafeUnwrapErr()).toMatchObject({ reason: 'emergency_stop' });
        expect((await store.getCard(card.id))._unsafeUnwrap()?.status).toBe('queued');
        expect((await store.getFirstTouches(card.leadKeys))._unsafeUnwrap()).toEqual([]);
        expect((await store.countDaySends('2026-03-02'))._unsafeUnwrap()).toBe(0);
      });

      it('refuses a stale fence and accepts the current one', async () => {
        const a = await putQueued(aCard('card_a', aLead('a')));
        const b = await putQueued(aCard('card_b', aLead('b')));
        const c = await putQueued(aCard('card_c', aLead('c')));
        expect((await store.claimSend(aClaim(a, { fence: { resource: 'batch:1', token: 5 } }))).isOk()).toBe(true);
        expect((await store.claimSend(aClaim(b, { fence: { resource: 'batch:1', token: 4 } })))._unsafeUnwrapErr()).toMatchObject({ reason: 'stale_fence' });
        expect((await store.claimSend(aClaim(c, { fence: { resource: 'batch:1', token: 5 } }))).isOk()).toBe(true);
        expect((await store.getCard(b.id))._unsafeUnwrap()?.status).toBe('queued');
      });

      it('lets exactly one of many concurrent claims for one lead win', async () => {
        const lead = aLead('ada');
        const cards = await Promise.all(Array.from({ length: 12 }, (_, i) => putQueued(aCard(`card_${String(i).padStart(2, '0')}`, lead))));
        const results = await Promise.all(cards.map((c) => store.claimSend(aClaim(c))));
        expect(results.filter((r) => r.isOk())).toHaveLength(1);
        expect(results.filter((r) => r.isErr()).every((r) => r._unsafeUnwrapErr()._tag === 'ClaimRefused')).toBe(true);
        expect((await store.countDaySends('2026-03-02'))._unsafeUnwrap()).toBe(1);
      });
    });

    describe('send outcome', () => {
      const claimed = async (id = 'card_1', leadId = 'ada'): Promise<Card> => {
        const card = await putQueued(aCard(id, aLead(leadId)));
        await store.claimSend(aClaim(card));
        return card;
      };

      it('finalises sending as sent with the receipt, once', async () => {
        const card = await claimed();
        const request = { cardId: card.id, step: 0, attemptId: `attempt_${card.id}` as AttemptId, outcome: { state: 'sent' as const, receipt: { messageId: 'm1' } }, trace: aTrace() };
        const entry = (await store.recordOutcome(request))._unsafeUnwrap();
        expect(entry).toMatchObject({ state: 'sent', receipt: { messageId: 'm1' }, finalisedAt: AT });
        const afterFirst = (await store.getCard(card.id))._unsafeUnwrap();
        expect(afterFirst).toMatchObject({ status: 'sent', receipt: { messageId: 'm1' } });
        expect((await store.recordOutcome(request))._unsafeUnwrap().state).toBe('sent');
        expect((await store.getCard(card.id))._unsafeUnwrap()?.version).toBe(afterFirst?.version);
      });

      it('resolves unknown to sent or failed, and refuses leaving a final state', async () => {
        const one = await claimed('card_1', 'a');
        const two = await claimed('card_2', 'b');
        const base = { step: 0, trace: aTrace() };
        await store.recordOutcome({ ...base, cardId: one.id, attemptId: `attempt_${one.id}` as AttemptId, outcome: { state: 'unknown', reason: 'timeout' } });
        expect((await store.getCard(one.id))._unsafeUnwrap()).toMatchObject({ status: 'unknown', outcomeReason: 'timeout' });
        const sent = await store.recordOutcome({ ...base, cardId: one.id, attemptId: `attempt_${one.id}` as AttemptId, outcome: { state: 'sent', receipt: { via: 'webhook' } } });
        expect(sent._unsafeUnwrap().state).toBe('sent');
        const back = await store.recordOutcome({ ...base, cardId: one.id, attemptId: `attempt_${one.id}` as AttemptId, outcome: { state: 'failed', reason: 'x' } });
        expect(back._unsafeUnwrapErr()).toMatchObject({ _tag: 'OutcomeRefused', reason: 'illegal_outcome' });
        await store.recordOutcome({ ...base, cardId: two.id, attemptId: `attempt_${two.id}` as AttemptId, outcome: { state: 'unknown', reason: '5xx' } });
        const failed = await store.recordOutcome({ ...base, cardId: two.id, attemptId: `attempt_${two.id}` as AttemptId, outcome: { state: 'failed', reason: 'operator: not sent' } });
        expect(failed._unsafeUnwrap().state).toBe('failed');
      });

      it('refuses outcomes without a claim or from another attempt', async () => {
        const card = await claimed();
        const noClaim = await store.recordOutcome({ cardId: 'card_none' as Card['id'], step: 0, attemptId: 'x' as AttemptId, outcome: { state: 'failed', reason: 'r' }, trace: aTrace() });
        expect(noClaim._unsafeUnwrapErr()).toMatchObject({ reason: 'no_claim' });
        const other = await store.recordOutcome({ cardId: card.id, step: 0, attemptId: 'attempt_other' as AttemptId, outcome: { state: 'failed', reason: 'r' }, trace: aTrace() });
        expect(other._unsafeUnwrapErr()).toMatchObject({ reason: 'attempt_mismatch' });
        expect((await store.getCard(card.id))._unsafeUnwrap()?.status).toBe('sending');
      });

      it('releases the first touch when a first touch definitively failed', async () => {
        const lead = aLead('ada');
        const card = await claimed('card_1', 'ada');
        await store.recordOutcome({ cardId: card.id, step: 0, attemptId: `attempt_${card.id}` as AttemptId, outcome: { state: 'failed', reason: '422' }, trace: aTrace() });
        expect((await store.getFirstTouches(card.leadKeys))._unsafeUnwrap()).toEqual([]);
        const retry = await putQueued(aCard('card_2', lead, { body: 'A corrected message.' }));
        expect((await store.claimSend(aClaim(retry))).isOk()).toBe(true);
        expect((await store.getLedgerEntry(card.id, 0))._unsafeUnwrap()?.state).toBe('failed');
      });

      it('keeps the first touch when the outcome is unknown', async () => {
        const lead = aLead('ada');
        const card = await claimed('card_1', 'ada');
        await store.recordOutcome({ cardId: card.id, step: 0, attemptId: `attempt_${card.id}` as AttemptId, outcome: { state: 'unknown', reason: 'reset' }, trace: aTrace() });
        const other = await putQueued(aCard('card_2', lead, { body: 'Another message.' }));
        expect((await store.claimSend(aClaim(other)))._unsafeUnwrapErr()).toMatchObject({ reason: 'lead_already_touched' });
      });

      it('lists ledger entries by state and by identity key', async () => {
        const a = await claimed('card_a', 'a');
        await claimed('card_b', 'b');
        await store.recordOutcome({ cardId: a.id, step: 0, attemptId: `attempt_${a.id}` as AttemptId, outcome: { state: 'unknown', reason: 't' }, trace: aTrace() });
        expect((await store.listLedger({ state: 'sending' }))._unsafeUnwrap().items.map((e) => e.cardId)).toEqual(['card_b']);
        expect((await store.listLedger({ state: 'unknown' }))._unsafeUnwrap().items.map((e) => e.cardId)).toEqual(['card_a']);
        expect((await store.listLedger({ identityKey: a.leadKeys[0]! }))._unsafeUnwrap().items.map((e) => e.cardId)).toEqual(['card_a']);
        expect((await store.listLedger({}))._unsafeUnwrap().items).toHaveLength(2);
        const page = (await store.listLedger({ limit: 1 }))._unsafeUnwrap();
        expect(page.items.map((e) => e.cardId)).toEqual(['card_a']);
        expect((await store.listLedger({ limit: 1, ...(page.next ? { after: page.next } : {}) }))._unsafeUnwrap().items.map((e) => e.cardId)).toEqual(['card_b']);
      });
    });

    describe('suppressions, cadence stops and controls', () => {
      it('adds suppressions idempotently, keeping the first', async () => {
        await store.addSuppression({ target: 'email:ada@acme.example' as IdentityKey, reason: 'unsubscribed', source: 'instantly', at: AT });
        await store.addSuppression({ target: 'email:ada@acme.example' as IdentityKey, reason: 'bounced', source: 'ghl', at: AT });
        await store.addSuppression({ target: 'domain:blocked.example', reason: 'manual', source: 'ops', at: AT });
        const found = (await store.findSuppressions(['email:ada@acme.example' as IdentityKey, 'domain:blocked.example', 'domain:other.example']))._unsafeUnwrap();
        expect(found.map((s) => [s.target, s.reason])).toEqual([
          ['email:ada@acme.example', 'unsubscribed'],
          ['domain:blocked.example', 'manual'],
        ]);
      });

      it('records cadence stops per identity key', async () => {
        await store.addCadenceStop({ identityKey: 'email:ada@acme.example' as IdentityKey, reason: 'replied', at: AT });
        await store.addCadenceStop({ identityKey: 'email:ada@acme.example' as IdentityKey, reason: 'manual', at: AT });
        const stops = (await store.findCadenceStops(['email:ada@acme.example', 'linkedin:linkedin.com/in/ada'] as IdentityKey[]))._unsafeUnwrap();
        expect(stops.map((s) => s.reason)).toEqual(['replied']);
      });

      it('starts with released controls at version 0 and compare-and-sets them', async () => {
        const initial = (await store.getControls())._unsafeUnwrap();
        expect(initial).toMatchObject({ emergencyStop: { engaged: false }, mode: 'supervised', sendWindowOverride: false, version: 0 });
        const engaged = { ...initial, emergencyStop: { engaged: true, by: 'ops', reason: 'drill', at: AT }, version: 1, updatedAt: AT };
        expect((await store.putControls(engaged, 0))._unsafeUnwrap()).toEqual(engaged);
        expect((await store.putControls({ ...engaged, version: 2 }, 0))._unsafeUnwrapErr()).toMatchObject({ _tag: 'VersionConflict', entity: 'controls', actual: 1 });
        expect((await store.getControls())._unsafeUnwrap()).toEqual(engaged);
      });
    });

    describe('webhook inbox, quarantine, audit and day records', () => {
      const event = (id: string, receivedAt = AT) => ({
        eventId: id as EventId,
        provider: 'instantly' as const,
        receivedAt,
        expiresAt: new Date(new Date(receivedAt).getTime() + 3 * 86_400_000).toISOString(),
        payload: { type: 'EmailSent', id },
      });

      it('records an event once: new, then pending, then applied', async () => {
        expect((await store.recordInboxEvent(event('evt_1')))._unsafeUnwrap()).toEqual({ _tag: 'New' });
        expect((await store.recordInboxEvent(event('evt_1')))._unsafeUnwrap()).toMatchObject({ _tag: 'Pending', event: { eventId: 'evt_1', applied: false } });
        expect((await store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_1']);
        await store.markInboxApplied('evt_1' as EventId, AT);
        expect((await store.recordInboxEvent(event('evt_1')))._unsafeUnwrap()).toMatchObject({ _tag: 'Applied', event: { payload: { id: 'evt_1' } } });
        expect((await store.listPendingInbox(10))._unsafeUnwrap()).toEqual([]);
      });

      it('keeps an event until it expires, then treats it as new', async () => {
        await store.recordInboxEvent(event('evt_1'));
        await store.markInboxApplied('evt_1' as EventId, AT);
        clock.advance(2 * 3_600_000);
        expect((await store.recordInboxEvent(event('evt_1', clock.now().toISOString())))._unsafeUnwrap()._tag).toBe('Applied');
        clock.advance(3 * 86_400_000);
        expect((await store.recordInboxEvent(event('evt_1', clock.now().toISOString())))._unsafeUnwrap()._tag).toBe('New');
      });

      it('gives the apply claim of an event to one holder at a time, until it is applied, released or lapses', async () => {
        const claim = (holder: string) => ({ holder, ttlMs: 30_000 });
        expect((await store.recordInboxEvent(event('evt_1'), claim('a')))._unsafeUnwrap()).toEqual({ _tag: 'New' });
        // Another holder while a's claim is live: in progress; a itself may ask again.
        expect((await store.recordInboxEvent(event('evt_1'), claim('b')))._unsafeUnwrap()).toMatchObject({ _tag: 'InProgress', event: { eventId: 'evt_1', applied: false } });
        expect((await store.recordInboxEvent(event('evt_1'), claim('a')))._unsafeUnwrap()._tag).toBe('Pending');
        // Releasing needs the holder: b cannot free a's claim, a can.
        await store.releaseInboxClaim('evt_1' as EventId, 'b');
        expect((await store.recordInboxEvent(event('evt_1'), claim('b')))._unsafeUnwrap()._tag).toBe('InProgress');
        await store.releaseInboxClaim('evt_1' as EventId, 'a');
        expect((await store.recordInboxEvent(event('evt_1'), claim('b')))._unsafeUnwrap()._tag).toBe('Pending');
        // b died holding it: after the claim's time another holder takes over.
        clock.advance(29_000);
        expect((await store.recordInboxEvent(event('evt_1'), claim('c')))._unsafeUnwrap()._tag).toBe('InProgress');
        clock.advance(2_000);
        expect((await store.recordInboxEvent(event('evt_1'), claim('c')))._unsafeUnwrap()._tag).toBe('Pending');
        // Applied: every holder sees it applied, and it is no longer pending.
        await store.markInboxApplied('evt_1' as EventId, clock.now().toISOString());
        expect((await store.recordInboxEvent(event('evt_1'), claim('d')))._unsafeUnwrap()._tag).toBe('Applied');
        expect((await store.listPendingInbox(10))._unsafeUnwrap()).toEqual([]);
      });

      it('marks an event applied together with its closing audit entry', async () => {
        const closing: AuditEntry = { id: 'audit_closing', trace: aTrace({ traceId: 'trace_close' as TraceId }), action: 'webhook.ReplyReceived', eventId: 'evt_1' as EventId, detail: { cadenceStopped: 'replied' } };
        await store.recordInboxEvent(event('evt_1'), { holder: 'a', ttlMs: 30_000 });
        expect((await store.listAudit({ traceId: 'trace_close' as TraceId }))._unsafeUnwrap()).toEqual([]);
        await store.markInboxApplied('evt_1' as EventId, AT, closing);
        expect((await store.listAudit({ traceId: 'trace_close' as TraceId }))._unsafeUnwrap()).toEqual([closing]);
        expect((await store.listAudit({}))._unsafeUnwrap().at(-1)).toEqual(closing);
        expect((await store.recordInboxEvent(event('evt_1'), { holder: 'b', ttlMs: 30_000 }))._unsafeUnwrap()._tag).toBe('Applied');
        // Without an entry nothing is audited.
        await store.recordInboxEvent(event('evt_2'));
        await store.markInboxApplied('evt_2' as EventId, AT);
        expect((await store.listAudit({}))._unsafeUnwrap()).toEqual([closing]);
      });

      describe('recording an audit-only event applied, with its audit entry, in one step', () => {
        const auditOf = (id: string, traceId = 'trace_hook'): AuditEntry => ({
          id: `audit_${id}`,
          trace: aTrace({ traceId: traceId as TraceId }),
          action: 'webhook.EmailOpened',
          eventId: id as EventId,
          detail: { keys: [`email:${id}@example.com`] },
        });
        const audited = async (traceId = 'trace_hook') => (await store.listAudit({ traceId: traceId as TraceId }))._unsafeUnwrap().map((e) => e.id);

        it('stores a new event applied with its entry; a redelivery changes nothing', async () => {
          expect((await store.recordAppliedInboxEvent(event('evt_1'), auditOf('evt_1')))._unsafeUnwrap()).toEqual({ _tag: 'New' });
          expect(await audited()).toEqual(['audit_evt_1']);
          expect((await store.listAudit({}))._unsafeUnwrap().at(-1)).toEqual(auditOf('evt_1'));
          expect((await store.listPendingInbox(10))._unsafeUnwrap()).toEqual([]);
          expect((await store.recordInboxEvent(event('evt_1'), { holder: 'a', ttlMs: 30_000 }))._unsafeUnwrap()).toMatchObject({ _tag: 'Applied', event: { eventId: 'evt_1', applied: true } });
          expect((await store.recordAppliedInboxEvent(event('evt_1'), { ...auditOf('evt_1'), id: 'audit_again' }))._unsafeUnwrap()).toMatchObject({ _tag: 'Applied', event: { eventId: 'evt_1', applied: true } });
          expect(await audited()).toEqual(['audit_evt_1']);
        });

        it('leaves an event another holder is applying alone, and applies it once that claim lapses', async () => {
          await store.recordInboxEvent(event('evt_1'), { holder: 'a', ttlMs: 30_000 });
          expect((await store.recordAppliedInboxEvent(event('evt_1'), auditOf('evt_1')))._unsafeUnwrap()).toMatchObject({ _tag: 'InProgress', event: { eventId: 'evt_1', applied: false } });
          expect(await audited()).toEqual([]);
          expect((await store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_1']);
          clock.advance(31_000);
          expect((await store.recordAppliedInboxEvent(event('evt_1', clock.now().toISOString()), auditOf('evt_1')))._unsafeUnwrap()).toMatchObject({ _tag: 'Pending', event: { eventId: 'evt_1', receivedAt: AT } });
          expect(await audited()).toEqual(['audit_evt_1']);
          expect((await store.listPendingInbox(10))._unsafeUnwrap()).toEqual([]);
          // The lapsed holder's claim went with it: nobody applies the event again.
          expect((await store.recordInboxEvent(event('evt_1'), { holder: 'b', ttlMs: 30_000 }))._unsafeUnwrap()._tag).toBe('Applied');
        });

        it('applies an event recorded without a claim and never applied (a crash)', async () => {
          await store.recordInboxEvent(event('evt_1'));
          expect((await store.recordAppliedInboxEvent(event('evt_1'), auditOf('evt_1')))._unsafeUnwrap()._tag).toBe('Pending');
          expect((await store.listPendingInbox(10))._unsafeUnwrap()).toEqual([]);
          expect(await audited()).toEqual(['audit_evt_1']);
        });

        it('treats an event whose retention ended as new', async () => {
          await store.recordAppliedInboxEvent(event('evt_1'), auditOf('evt_1'));
          clock.advance(3 * 86_400_000 + 1);
          expect((await store.recordAppliedInboxEvent(event('evt_1', clock.now().toISOString()), { ...auditOf('evt_1'), id: 'audit_later' }))._unsafeUnwrap()).toEqual({ _tag: 'New' });
          expect(await audited()).toEqual(['audit_evt_1', 'audit_later']);
          expect((await store.pruneInbox(clock.now().toISOString(), 100))._unsafeUnwrap()).toBe(0);
        });
      });

      it('records without a claim as before, whoever holds one', async () => {
        await store.recordInboxEvent(event('evt_1'), { holder: 'a', ttlMs: 30_000 });
        expect((await store.recordInboxEvent(event('evt_1')))._unsafeUnwrap()._tag).toBe('Pending');
      });

      it('forgets events whose retention ended, and only those, up to the limit', async () => {
        await store.recordInboxEvent(event('evt_old', AT), { holder: 'a', ttlMs: 30_000 });
        await store.recordInboxEvent(event('evt_old2', AT));
        await store.markInboxApplied('evt_old2' as EventId, AT);
        clock.advance(86_400_000);
        await store.recordInboxEvent(event('evt_new', clock.now().toISOString()));
        // Nothing has ended yet.
        expect((await store.pruneInbox(clock.now().toISOString(), 100))._unsafeUnwrap()).toBe(0);
        clock.advance(2 * 86_400_000 + 1);
        expect((await store.pruneInbox(clock.now().toISOString(), 1))._unsafeUnwrap()).toBe(1);
        expect((await store.pruneInbox(clock.now().toISOString(), 100))._unsafeUnwrap()).toBe(1);
        expect((await store.pruneInbox(clock.now().toISOString(), 100))._unsafeUnwrap()).toBe(0);
        expect((await store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_new']);
        const inbox = (await store.exportRecords())._unsafeUnwrap().filter((r) => r.kind === 'inbox');
        expect(inbox.map((r) => (r.value as { eventId: string }).eventId)).toEqual(['evt_new']);
        // A forgotten id is new again, with no claim left over from before.
        expect((await store.recordInboxEvent(event('evt_old', clock.now().toISOString()), { holder: 'b', ttlMs: 30_000 }))._unsafeUnwrap()).toEqual({ _tag: 'New' });
      });

      it('lists pending events oldest first, up to the limit', async () => {
        await store.recordInboxEvent(event('evt_b', '2026-03-02T20:00:02.000Z'));
        await store.recordInboxEvent(event('evt_a', '2026-03-02T20:00:01.000Z'));
        await store.recordInboxEvent(event('evt_c', '2026-03-02T20:00:03.000Z'));
        expect((await store.listPendingInbox(2))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_a', 'evt_b']);
      });

      it('keeps quarantined deliveries, most recent last', async () => {
        for (const id of ['q1', 'q2', 'q3']) {
          await store.quarantine({ id, provider: 'rb2b', receivedAt: AT, reason: 'invalid body', body: `{"n":"${id}"}` });
        }
        expect((await store.listQuarantine(2))._unsafeUnwrap().map((q) => q.id)).toEqual(['q2', 'q3']);
      });

      it('appends audit entries and filters by trace, card and lead', async () => {
        const entry = (id: string, traceId: string, cardId?: string): AuditEntry => ({
          id,
          trace: aTrace({ traceId: traceId as TraceId }),
          action: 'card.approved',
          ...(cardId ? { cardId: cardId as Card['id'] } : {}),
          detail: { n: id },
        });
        await store.appendAudit(entry('a1', 't1', 'card_1'));
        await store.appendAudit(entry('a2', 't2', 'card_2'));
        await store.appendAudit(entry('a3', 't1'));
        expect((await store.listAudit({ traceId: 't1' as TraceId }))._unsafeUnwrap().map((e) => e.id)).toEqual(['a1', 'a3']);
        expect((await store.listAudit({ cardId: 'card_2' as Card['id'] }))._unsafeUnwrap().map((e) => e.id)).toEqual(['a2']);
        expect((await store.listAudit({ limit: 2 }))._unsafeUnwrap().map((e) => e.id)).toEqual(['a2', 'a3']);
        expect((await store.listAudit({}))._unsafeUnwrap()[0]).toEqual(entry('a1', 't1', 'card_1'));
      });

      describe('audit archival (head of the log)', () => {
        const entry = (id: string, traceId: string, extra: { cardId?: string; leadId?: string } = {}): AuditEntry => ({
          id,
          trace: aTrace({ traceId: traceId as TraceId }),
          action: 'send.sent',
          ...(extra.cardId ? { cardId: extra.cardId as Card['id'] } : {}),
          ...(extra.leadId ? { leadId: extra.leadId as Lead['id'] } : {}),
          detail: { n: id },
        });
        const ids = (entries: readonly AuditEntry[]) => entries.map((e) => e.id);
        const seed = async () => {
          await store.appendAudit(entry('a1', 't1', { cardId: 'card_1', leadId: 'lead_1' }));
          await store.appendAudit(entry('a2', 't2', { cardId: 'card_1' }));
          await store.appendAudit(entry('a3', 't1'));
          await store.appendAudit(entry('a4', 't3', { leadId: 'lead_1' }));
        };

        it('reads the oldest entries first, in append order', async () => {
          await seed();
          expect(ids((await store.listAuditHead(2))._unsafeUnwrap())).toEqual(['a1', 'a2']);
          expect((await store.listAuditHead(2))._unsafeUnwrap()[0]).toEqual(entry('a1', 't1', { cardId: 'card_1', leadId: 'lead_1' }));
          expect(ids((await store.listAuditHead(10))._unsafeUnwrap())).toEqual(['a1', 'a2', 'a3', 'a4']);
          expect((await store.listAuditHead(0))._unsafeUnwrap()).toEqual([]);
        });

        it('drops the matching head from the log and from every index, and nothing past the first mismatch', async () => {
          await seed();
          // a1 and a2 match the head; 'zz' does not, so a3 stays even though it comes next.
          expect((await store.dropAuditHead(['a1', 'a2', 'zz', 'a4']))._unsafeUnwrap()).toBe(2);
          expect(ids((await store.listAuditHead(10))._unsafeUnwrap())).toEqual(['a3', 'a4']);
          expect(ids((await store.listAudit({}))._unsafeUnwrap())).toEqual(['a3', 'a4']);
          expect(ids((await store.listAudit({ traceId: 't1' as TraceId }))._unsafeUnwrap())).toEqual(['a3']);
          expect(ids((await store.listAudit({ cardId: 'card_1' as Card['id'] }))._unsafeUnwrap())).toEqual([]);
          expect(ids((await store.listAudit({ leadId: 'lead_1' as Lead['id'] }))._unsafeUnwrap())).toEqual(['a4']);
          // Ids that are not the head (a4 is second) drop nothing; neither does an empty list.
          expect((await store.dropAuditHead(['a4']))._unsafeUnwrap()).toBe(0);
          expect((await store.dropAuditHead([]))._unsafeUnwrap()).toBe(0);
          expect(ids((await store.listAuditHead(10))._unsafeUnwrap())).toEqual(['a3', 'a4']);
          // New entries keep appending after a drop.
          await store.appendAudit(entry('a5', 't1'));
          expect(ids((await store.listAudit({ traceId: 't1' as TraceId }))._unsafeUnwrap())).toEqual(['a3', 'a5']);
        });

        it('drops each entry once when two archivers race for the same head', async () => {
          await seed();
          const [first, second] = await Promise.all([store.dropAuditHead(['a1', 'a2']), store.dropAuditHead(['a1', 'a2'])]);
          expect(first._unsafeUnwrap() + second._unsafeUnwrap()).toBe(2);
          expect(ids((await store.listAuditHead(10))._unsafeUnwrap())).toEqual(['a3', 'a4']);
        });
      });

      it('keeps one record per day, oldest first, most recent N', async () => {
        const record = (day: string, clean: boolean) => ({ day, liveSends: 1, gateFailures: 0, unresolvedSends: clean ? 0 : 1, clean, computedAt: AT });
        await store.putDayRecord(record('2026-03-01', false));
        await store.putDayRecord(record('2026-02-28', true));
        await store.putDayRecord(record('2026-03-01', true));
        await store.putDayRecord(record('2026-03-02', true));
        const recent = (await store.listDayRecords(2))._unsafeUnwrap();
        expect(recent.map((r) => [r.day, r.clean])).toEqual([
          ['2026-03-01', true],
          ['2026-03-02', true],
        ]);
      });
    });

    describe('export and import', () => {
      const populate = async (): Promise<Card> => {
        const lead = aLead('ada');
        await store.putLead(lead, null);
        const card = await putQueued(aCard('card_1', lead));
        await store.claimSend(aClaim(card, { fence: { resource: 'batch:1', token: 3 } }));
        await store.putCard(aCard('card_2', aLead('bob')), null);
        await store.addSuppression({ target: 'domain:blocked.example', reason: 'manual', source: 'ops', at: AT });
        await store.addCadenceStop({ identityKey: 'email:bob@acme.example' as IdentityKey, reason: 'replied', at: AT });
        await store.putControls({ ...initialControls(AT), mode: 'supervised', version: 1 }, 0);
        await store.recordInboxEvent({ eventId: 'evt_1' as EventId, provider: 'clay', receivedAt: AT, expiresAt: '2026-03-09T00:00:00.000Z', payload: { a: 1 } });
        await store.putDayRecord({ day: '2026-03-01', liveSends: 1, gateFailures: 0, unresolvedSends: 0, clean: true, computedAt: AT });
        await store.putBatch({ id: 'batch_1' as BatchId, items: [], snapshotDigest: 'd', status: 'open', createdBy: 't', createdAt: AT, updatedAt: AT, version: 1, outcomes: [] }, null);
        return card;
      };

      it('exports every kind of record, ordered by key', async () => {
        await populate();
        const records = (await store.exportRecords())._unsafeUnwrap();
        expect([...new Set(records.map((r) => r.kind))].sort()).toEqual(
          ['batch', 'cadence_stop', 'card', 'controls', 'day_record', 'day_sends', 'fence', 'first_touch', 'inbox', 'lead', 'ledger', 'suppression'].sort(),
        );
        const keys = records.map(storeRecordKey);
        expect(keys).toEqual([...keys].sort());
        expect(records.filter((r) => r.kind === 'first_touch')).toHaveLength(2);
        expect(records.find((r) => r.kind === 'fence')?.value).toEqual({ resource: 'batch:1', token: 3 });
      });

      it('imports records into another store so that it behaves the same', async () => {
        const card = await populate();
        const records = (await store.exportRecords())._unsafeUnwrap();
        const copyHarness = await factory(clock);
        const copy = copyHarness.store;
        try {
          expect((await copy.importRecords(records)).isOk()).toBe(true);
          expect((await copy.exportRecords())._unsafeUnwrap()).toEqual(records);
          // Indexes follow the import: lookups, listings and claim checks all see the data.
          expect((await copy.findLeadsByKeys([`email:ada@acme.example` as IdentityKey]))._unsafeUnwrap().map((l) => l.id)).toEqual(['ada']);
          expect((await copy.listCards({ status: 'sending' }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_1']);
          expect((await copy.listLedger({ state: 'sending', identityKey: card.leadKeys[0]! }))._unsafeUnwrap().items).toHaveLength(1);
          const twin = await copy.putCard({ ...aCard('card_3', aLead('ada')), status: 'queued' }, null);
          expect((await copy.claimSend(aClaim(twin._unsafeUnwrap())))._unsafeUnwrapErr()).toMatchObject({ reason: 'lead_already_touched' });
          const stale = await copy.putCard({ ...aCard('card_4', aLead('cy')), status: 'queued' }, null);
          expect((await copy.claimSend(aClaim(stale._unsafeUnwrap(), { fence: { resource: 'batch:1', token: 2 } })))._unsafeUnwrapErr()).toMatchObject({ reason: 'stale_fence' });
        } finally {
          await copy.close();
          await copyHarness.dispose?.();
        }
      });

      it('replaces what is stored under the same key', async () => {
        await populate();
        const lead = (await store.getLead(aLead('ada').id))._unsafeUnwrap()!;
        const card = (await store.getCard('card_2' as Card['id']))._unsafeUnwrap()!;
        await store.importRecords([
          { kind: 'lead', value: { ...lead, title: 'CEO', version: 9 } },
          { kind: 'card', value: { ...card, status: 'approved', version: 5 } },
          { kind: 'day_sends', value: { dayKey: '2026-03-02', count: 4 } },
        ]);
        expect((await store.getLead(lead.id))._unsafeUnwrap()).toMatchObject({ title: 'CEO', version: 9 });
        expect((await store.listCards({ status: 'pending' }))._unsafeUnwrap().items).toEqual([]);
        expect((await store.listCards({ status: 'approved' }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_2']);
        expect((await store.countDaySends('2026-03-02'))._unsafeUnwrap()).toBe(4);
      });
    });

    it('reports health', async () => {
      const health = (await store.health())._unsafeUnwrap();
      expect(health.ok).toBe(true);
      expect(health.sendsBlocked).toBeUndefined();
    });

    // Registered only for durable stores: a volatile store has no restart to survive.
    if (options.durable) it('keeps everything across a restart', async () => {
      if (!harness.reopen) throw new Error(`${name} is declared durable but its harness has no reopen()`);
      const lead = aLead('ada');
      await store.putLead(lead, null);
      const card = await putQueued(aCard('card_1', lead));
      await store.claimSend(aClaim(card));
      await store.recordInboxEvent({ eventId: 'evt_1' as EventId, provider: 'clay', receivedAt: AT, expiresAt: '2026-03-09T00:00:00.000Z', payload: {} });
      await store.putControls({ ...initialControls(AT), emergencyStop: { engaged: true, by: 'ops', reason: 'drill', at: AT }, version: 1 }, 0);
      for (const id of ['au1', 'au2', 'au3']) await store.appendAudit({ id, trace: aTrace(), action: 'card.approved', detail: {} });
      expect((await store.dropAuditHead(['au1']))._unsafeUnwrap()).toBe(1);
      store = await harness.reopen();
      expect((await store.getLead(lead.id))._unsafeUnwrap()).toEqual(lead);
      expect((await store.getCard(card.id))._unsafeUnwrap()?.status).toBe('sending');
      expect((await store.getLedgerEntry(card.id, 0))._unsafeUnwrap()?.state).toBe('sending');
      expect((await store.getFirstTouches(card.leadKeys))._unsafeUnwrap()).toHaveLength(2);
      expect((await store.countDaySends('2026-03-02'))._unsafeUnwrap()).toBe(1);
      expect((await store.recordInboxEvent({ eventId: 'evt_1' as EventId, provider: 'clay', receivedAt: AT, expiresAt: '2026-03-09T00:00:00.000Z', payload: {} }))._unsafeUnwrap()._tag).toBe('Pending');
      expect((await store.getControls())._unsafeUnwrap().emergencyStop.engaged).toBe(true);
      expect((await store.listAuditHead(10))._unsafeUnwrap().map((e) => e.id)).toEqual(['au2', 'au3']);
    });
  });
};
