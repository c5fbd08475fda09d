import { erasedTarget, planErasure, type CardId, type EventId, type IdentityKey, type StateStore } from '@caio/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aCard, aClaim, aLead, aTrace, AT } from '../builders.js';
import { ManualClock } from '../clock/manual-clock.js';
import type { StateStoreFactory, StateStoreHarness } from './state-store-contract.js';

const SECRET = 'contract-erasure-secret-0123456789abcdef';
const PERSONAL = /zed@zeta\.example|zed-zeta|zetterberg/i;

/**
 * The `ErasureStore` contract: after `erasePerson`, nothing the store lists or exports
 * names the person in clear; the facts (a send happened) stay under hashed keys; the
 * tombstones are suppressions. Every adapter runs it.
 *
 * @category testing
 */
export const describeErasureStoreContract = (name: string, factory: StateStoreFactory): void => {
  describe(`ErasureStore contract (${name})`, () => {
    let harness: StateStoreHarness;
    let store: StateStore;
    beforeEach(async () => {
      harness = await factory(new ManualClock(AT));
      store = harness.store;
    });
    afterEach(async () => {
      await store.close();
      await harness.dispose?.();
    });

    it('forgets the person everywhere, keeps what was sent under hashed keys, and leaves tombstones', async () => {
      const zed = (await store.putLead(aLead('lead_zed', { email: 'zed@zeta.example', linkedinUrl: 'linkedin.com/in/zed-zeta', firstName: 'Zed', lastName: 'Zetterberg' }), null))._unsafeUnwrap();
      const amy = (await store.putLead(aLead('lead_amy', { email: 'amy@other.example', linkedinUrl: null }), null))._unsafeUnwrap();
      const sent = (await store.putCard({ ...aCard('card_sent', zed, { body: 'Zed, a note for Zetterberg at Zeta.' }), status: 'queued' }, null))._unsafeUnwrap();
      const entry = (await store.claimSend(aClaim(sent)))._unsafeUnwrap();
      await store.recordOutcome({ cardId: sent.id, step: 0, attemptId: entry.attemptId, outcome: { state: 'sent', receipt: { to: 'zed@zeta.example' } }, trace: aTrace() });
      await store.putCard(aCard('card_pending', zed), null);
      await store.putCard(aCard('card_amy', amy), null);
      await store.recordInboxEvent({ eventId: 'evt_1' as EventId, provider: 'heyreach', receivedAt: AT, expiresAt: '2099-01-01T00:00:00.000Z', payload: { profile: 'https://www.linkedin.com/in/Zed-Zeta/' } });
      await store.appendAudit({ id: 'au_1', trace: aTrace(), action: 'lead.created', leadId: zed.id, detail: { email: 'zed@zeta.example', name: 'Zed Zetterberg' } });
      await store.addCadenceStop({ identityKey: 'email:zed@zeta.example' as IdentityKey, reason: 'replied', at: AT });

      const plan = planErasure(SECRET, { lead: zed, aliases: [], keys: [] }, 'DSR-1', AT);
      const report = (await store.erasePerson(plan))._unsafeUnwrap();
      expect(report).toMatchObject({ leads: 1, cardsDeleted: 1, cardsRedacted: 1 });

      expect((await store.getLead(zed.id))._unsafeUnwrap()).toBeNull();
      expect((await store.findLeadsByKeys(['email:zed@zeta.example' as IdentityKey]))._unsafeUnwrap()).toEqual([]);
      expect((await store.getCard('card_pending' as CardId))._unsafeUnwrap()).toBeNull();
      expect((await store.getCard('card_sent' as CardId))._unsafeUnwrap()).toMatchObject({ status: 'sent' });
      expect((await store.getLead(amy.id))._unsafeUnwrap()).toEqual(amy);
      expect((await store.findSuppressions([erasedTarget(SECRET, 'email:zed@zeta.example' as IdentityKey)]))._unsafeUnwrap()).toHaveLength(1);
      const audit = (await store.listAudit({}))._unsafeUnwrap();
      expect(audit.map((a) => a.id)).toContain('au_1');
      const everything = JSON.stringify([(await store.exportRecords())._unsafeUnwrap(), audit, (await store.listPendingInbox(100))._unsafeUnwrap()]);
      expect(everything).not.toMatch(PERSONAL);
      expect(everything).toContain('amy@other.example');
    });
  });
};
