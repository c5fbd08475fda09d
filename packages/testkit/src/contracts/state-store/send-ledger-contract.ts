import { type AttemptId, type Card, initialControls } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { aCard, aClaim, aLead, AT, aTrace } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

/** The contract of `SendLedger`: the atomic claim and outcome steps (across cards, controls, first touches and day counts) and the ledger listings. @category testing */
export const sendLedgerContract = (env: StateStoreContractEnv): void => {
  describe('send ledger', () => {
    describe('send claim', () => {
      it('claims atomically: ledger sending, card sending, first touch bound, day counted', async () => {
        const lead = aLead('ada');
        const card = await env.putQueued(aCard('card_1', lead));
        const entry = (await env.store.claimSend(aClaim(card)))._unsafeUnwrap();
        expect(entry).toMatchObject({ cardId: card.id, step: 0, state: 'sending', channel: 'ghl_email', dayKey: '2026-03-02', claimedAt: AT });
        expect((await env.store.getLedgerEntry(card.id, 0))._unsafeUnwrap()).toEqual(entry);
        const stored = (await env.store.getCard(card.id))._unsafeUnwrap();
        expect(stored).toMatchObject({ status: 'sending', version: card.version + 1 });
        const touches = (await env.store.getFirstTouches(card.leadKeys))._unsafeUnwrap();
        expect(touches.map((t) => [t.identityKey, t.cardId, t.channel])).toEqual(card.leadKeys.map((k) => [k, card.id, 'ghl_email']));
        expect((await env.store.countDaySends('2026-03-02'))._unsafeUnwrap()).toBe(1);
        expect((await env.store.countDaySends('2026-03-03'))._unsafeUnwrap()).toBe(0);
      });

      it('refuses a second claim of the same card step', async () => {
        const card = await env.putQueued(aCard('card_1', aLead('ada')));
        await env.store.claimSend(aClaim(card));
        const again = await env.store.claimSend(aClaim(card, { expectedVersion: card.version + 1, attemptId: 'attempt_again' as AttemptId }));
        expect(again._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'card_step_claimed' });
        expect((await env.store.countDaySends('2026-03-02'))._unsafeUnwrap()).toBe(1);
      });

      it('refuses unknown, unqueued, changed or re-written cards', async () => {
        const lead = aLead('ada');
        const missing = aCard('card_missing', lead);
        expect((await env.store.claimSend(aClaim(missing)))._unsafeUnwrapErr()).toMatchObject({ reason: 'card_not_found' });
        const approved = (await env.store.putCard(aCard('card_1', lead, { status: 'approved' }), null))._unsafeUnwrap();
        expect((await env.store.claimSend(aClaim(approved)))._unsafeUnwrapErr()).toMatchObject({ reason: 'card_not_queued' });
        const card = await env.putQueued(aCard('card_2', aLead('bob')));
        expect((await env.store.claimSend(aClaim(card, { expectedVersion: 9 })))._unsafeUnwrapErr()).toMatchObject({ reason: 'version_mismatch' });
        expect((await env.store.claimSend(aClaim(card, { contentDigest: 'other' })))._unsafeUnwrapErr()).toMatchObject({ reason: 'digest_mismatch' });
        expect((await env.store.getCard(card.id))._unsafeUnwrap()?.status).toBe('queued');
        expect((await env.store.getLedgerEntry(card.id, 0))._unsafeUnwrap()).toBeNull();
      });

      it('gives a lead one first touch across cards and identity keys', async () => {
        const lead = aLead('ada');
        const first = await env.putQueued(aCard('card_1', lead));
        await env.store.claimSend(aClaim(first));
        // Another record of the same person that shares only the LinkedIn key.
        const twin = aLead('ada2', { email: 'other@acme.example', linkedinUrl: 'https://uk.linkedin.com/in/ada?trk=x' });
        const second = await env.putQueued(aCard('card_2', twin));
        const refused = await env.store.claimSend(aClaim(second));
        expect(refused._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'lead_already_touched' });
        expect((await env.store.getFirstTouches(second.leadKeys))._unsafeUnwrap().map((t) => t.cardId)).toEqual(['card_1']);
      });

      it('keeps a lead on its first channel', async () => {
        const lead = aLead('ada');
        const ghl = await env.putQueued(aCard('card_1', lead));
        await env.store.claimSend(aClaim(ghl));
        const instantly = await env.putQueued(aCard('card_2', lead, { channel: 'instantly', campaignId: 'cmp', step: 1 }));
        const refused = await env.store.claimSend(aClaim(instantly));
        expect(refused._unsafeUnwrapErr()).toMatchObject({ reason: 'channel_locked' });
        const followUp = await env.putQueued(aCard('card_3', lead, { step: 1, body: 'A follow-up on my note.' }));
        expect((await env.store.claimSend(aClaim(followUp)))._unsafeUnwrap().state).toBe('sending');
      });

      it('enforces the daily cap inside the claim', async () => {
        const cards = await Promise.all(['a', 'b', 'c'].map((id) => env.putQueued(aCard(`card_${id}`, aLead(id)))));
        expect((await env.store.claimSend(aClaim(cards[0]!, { dailyCap: 2 }))).isOk()).toBe(true);
        expect((await env.store.claimSend(aClaim(cards[1]!, { dailyCap: 2 }))).isOk()).toBe(true);
        expect((await env.store.claimSend(aClaim(cards[2]!, { dailyCap: 2 })))._unsafeUnwrapErr()).toMatchObject({ reason: 'daily_cap_reached' });
        expect((await env.store.claimSend(aClaim(cards[2]!, { dailyCap: 2, dayKey: '2026-03-03' }))).isOk()).toBe(true);
        expect((await env.store.countDaySends('2026-03-02'))._unsafeUnwrap()).toBe(2);
      });

      it('refuses while the emergency stop is engaged, writing nothing', async () => {
        const card = await env.putQueued(aCard('card_1', aLead('ada')));
        const controls = { ...initialControls(AT), emergencyStop: { engaged: true, by: 'ops', reason: 'drill', at: AT }, version: 1 };
        await env.store.putControls(controls, 0);
        expect((await env.store.claimSend(aClaim(card)))._unsafeUnwrapErr()).toMatchObject({ reason: 'emergency_stop' });
        expect((await env.store.getCard(card.id))._unsafeUnwrap()?.status).toBe('queued');
        expect((await env.store.getFirstTouches(card.leadKeys))._unsafeUnwrap()).toEqual([]);
        expect((await env.store.countDaySends('2026-03-02'))._unsafeUnwrap()).toBe(0);
      });

      it('refuses a stale fence and accepts the current one', async () => {
        const a = await env.putQueued(aCard('card_a', aLead('a')));
        const b = await env.putQueued(aCard('card_b', aLead('b')));
        const c = await env.putQueued(aCard('card_c', aLead('c')));
        expect((await env.store.claimSend(aClaim(a, { fence: { resource: 'batch:1', token: 5 } }))).isOk()).toBe(true);
        expect((await env.store.claimSend(aClaim(b, { fence: { resource: 'batch:1', token: 4 } })))._unsafeUnwrapErr()).toMatchObject({ reason: 'stale_fence' });
        expect((await env.store.claimSend(aClaim(c, { fence: { resource: 'batch:1', token: 5 } }))).isOk()).toBe(true);
        expect((await env.store.getCard(b.id))._unsafeUnwrap()?.status).toBe('queued');
      });

      it('lets exactly one of many concurrent claims for one lead win', async () => {
        const lead = aLead('ada');
        const cards = await Promise.all(Array.from({ length: 12 }, (_, i) => env.putQueued(aCard(`card_${String(i).padStart(2, '0')}`, lead))));
        const results = await Promise.all(cards.map((c) => env.store.claimSend(aClaim(c))));
        expect(results.filter((r) => r.isOk())).toHaveLength(1);
        expect(results.filter((r) => r.isErr()).every((r) => r._unsafeUnwrapErr()._tag === 'ClaimRefused')).toBe(true);
        expect((await env.store.countDaySends('2026-03-02'))._unsafeUnwrap()).toBe(1);
      });
    });

    describe('send outcome', () => {
      const claimed = async (id = 'card_1', leadId = 'ada'): Promise<Card> => {
        const card = await env.putQueued(aCard(id, aLead(leadId)));
        await env.store.claimSend(aClaim(card));
        return card;
      };

      it('finalises sending as sent with the receipt, once', async () => {
        const card = await claimed();
        const request = { cardId: card.id, step: 0, attemptId: `attempt_${card.id}` as AttemptId, outcome: { state: 'sent' as const, receipt: { messageId: 'm1' } }, trace: aTrace() };
        const entry = (await env.store.recordOutcome(request))._unsafeUnwrap();
        expect(entry).toMatchObject({ state: 'sent', receipt: { messageId: 'm1' }, finalisedAt: AT });
        const afterFirst = (await env.store.getCard(card.id))._unsafeUnwrap();
        expect(afterFirst).toMatchObject({ status: 'sent', receipt: { messageId: 'm1' } });
        expect((await env.store.recordOutcome(request))._unsafeUnwrap().state).toBe('sent');
        expect((await env.store.getCard(card.id))._unsafeUnwrap()?.version).toBe(afterFirst?.version);
      });

      it('resolves unknown to sent or failed, and refuses leaving a final state', async () => {
        const one = await claimed('card_1', 'a');
        const two = await claimed('card_2', 'b');
        const base = { step: 0, trace: aTrace() };
        await env.store.recordOutcome({ ...base, cardId: one.id, attemptId: `attempt_${one.id}` as AttemptId, outcome: { state: 'unknown', reason: 'timeout' } });
        expect((await env.store.getCard(one.id))._unsafeUnwrap()).toMatchObject({ status: 'unknown', outcomeReason: 'timeout' });
        const sent = await env.store.recordOutcome({ ...base, cardId: one.id, attemptId: `attempt_${one.id}` as AttemptId, outcome: { state: 'sent', receipt: { via: 'webhook' } } });
        expect(sent._unsafeUnwrap().state).toBe('sent');
        const back = await env.store.recordOutcome({ ...base, cardId: one.id, attemptId: `attempt_${one.id}` as AttemptId, outcome: { state: 'failed', reason: 'x' } });
        expect(back._unsafeUnwrapErr()).toMatchObject({ _tag: 'OutcomeRefused', reason: 'illegal_outcome' });
        await env.store.recordOutcome({ ...base, cardId: two.id, attemptId: `attempt_${two.id}` as AttemptId, outcome: { state: 'unknown', reason: '5xx' } });
        const failed = await env.store.recordOutcome({ ...base, cardId: two.id, attemptId: `attempt_${two.id}` as AttemptId, outcome: { state: 'failed', reason: 'operator: not sent' } });
        expect(failed._unsafeUnwrap().state).toBe('failed');
      });

      it('refuses outcomes without a claim or from another attempt', async () => {
        const card = await claimed();
        const noClaim = await env.store.recordOutcome({ cardId: 'card_none' as Card['id'], step: 0, attemptId: 'x' as AttemptId, outcome: { state: 'failed', reason: 'r' }, trace: aTrace() });
        expect(noClaim._unsafeUnwrapErr()).toMatchObject({ reason: 'no_claim' });
        const other = await env.store.recordOutcome({ cardId: card.id, step: 0, attemptId: 'attempt_other' as AttemptId, outcome: { state: 'failed', reason: 'r' }, trace: aTrace() });
        expect(other._unsafeUnwrapErr()).toMatchObject({ reason: 'attempt_mismatch' });
        expect((await env.store.getCard(card.id))._unsafeUnwrap()?.status).toBe('sending');
      });

      it('releases the first touch when a first touch definitively failed', async () => {
        const lead = aLead('ada');
        const card = await claimed('card_1', 'ada');
        await env.store.recordOutcome({ cardId: card.id, step: 0, attemptId: `attempt_${card.id}` as AttemptId, outcome: { state: 'failed', reason: '422' }, trace: aTrace() });
        expect((await env.store.getFirstTouches(card.leadKeys))._unsafeUnwrap()).toEqual([]);
        const retry = await env.putQueued(aCard('card_2', lead, { body: 'A corrected message.' }));
        expect((await env.store.claimSend(aClaim(retry))).isOk()).toBe(true);
        expect((await env.store.getLedgerEntry(card.id, 0))._unsafeUnwrap()?.state).toBe('failed');
      });

      it('keeps the first touch when the outcome is unknown', async () => {
        const lead = aLead('ada');
        const card = await claimed('card_1', 'ada');
        await env.store.recordOutcome({ cardId: card.id, step: 0, attemptId: `attempt_${card.id}` as AttemptId, outcome: { state: 'unknown', reason: 'reset' }, trace: aTrace() });
        const other = await env.putQueued(aCard('card_2', lead, { body: 'Another message.' }));
        expect((await env.store.claimSend(aClaim(other)))._unsafeUnwrapErr()).toMatchObject({ reason: 'lead_already_touched' });
      });

      it('lists ledger entries by state and by identity key', async () => {
        const a = await claimed('card_a', 'a');
        await claimed('card_b', 'b');
        await env.store.recordOutcome({ cardId: a.id, step: 0, attemptId: `attempt_${a.id}` as AttemptId, outcome: { state: 'unknown', reason: 't' }, trace: aTrace() });
        expect((await env.store.listLedger({ state: 'sending' }))._unsafeUnwrap().items.map((e) => e.cardId)).toEqual(['card_b']);
        expect((await env.store.listLedger({ state: 'unknown' }))._unsafeUnwrap().items.map((e) => e.cardId)).toEqual(['card_a']);
        expect((await env.store.listLedger({ identityKey: a.leadKeys[0]! }))._unsafeUnwrap().items.map((e) => e.cardId)).toEqual(['card_a']);
        expect((await env.store.listLedger({}))._unsafeUnwrap().items).toHaveLength(2);
        const page = (await env.store.listLedger({ limit: 1 }))._unsafeUnwrap();
        expect(page.items.map((e) => e.cardId)).toEqual(['card_a']);
        expect((await env.store.listLedger({ limit: 1, ...(page.next ? { after: page.next } : {}) }))._unsafeUnwrap().items.map((e) => e.cardId)).toEqual(['card_b']);
      });
    });
  });
};
