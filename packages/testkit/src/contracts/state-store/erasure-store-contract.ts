import { erasedTarget, initialControls, planErasure, type CardId, type EventId, type IdentityKey } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { aCard, aClaim, aLead, aTrace, AT } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

const SECRET = 'contract-erasure-secret-0123456789abcdef';
const PERSONAL = /zed@zeta\.example|zed-zeta|zetterberg/i;

/**
 * The `ErasureStore` contract: after `erasePerson`, nothing the store lists or exports
 * names the person in clear; the facts (a send happened) stay under hashed keys; the
 * tombstones are suppressions. Every adapter runs it.
 *
 * @category testing
 */
export const erasureStoreContract = (env: StateStoreContractEnv): void => {
  describe('erasure', () => {
    it('forgets the person everywhere, keeps what was sent under hashed keys, and leaves tombstones', async () => {
      const zed = (await env.store.putLead(aLead('lead_zed', { email: 'zed@zeta.example', linkedinUrl: 'linkedin.com/in/zed-zeta', firstName: 'Zed', lastName: 'Zetterberg' }), null))._unsafeUnwrap();
      const amy = (await env.store.putLead(aLead('lead_amy', { email: 'amy@other.example', linkedinUrl: null }), null))._unsafeUnwrap();
      const sent = (await env.store.putCard({ ...aCard('card_sent', zed, { body: 'Zed, a note for Zetterberg at Zeta.' }), status: 'queued' }, null))._unsafeUnwrap();
      const entry = (await env.store.claimSend(aClaim(sent)))._unsafeUnwrap();
      await env.store.recordOutcome({ cardId: sent.id, step: 0, attemptId: entry.attemptId, outcome: { state: 'sent', receipt: { to: 'zed@zeta.example' } }, trace: aTrace() });
      await env.store.putCard(aCard('card_pending', zed), null);
      await env.store.putCard(aCard('card_amy', amy), null);
      await env.store.recordInboxEvent({ eventId: 'evt_1' as EventId, provider: 'heyreach', receivedAt: AT, expiresAt: '2099-01-01T00:00:00.000Z', payload: { profile: 'https://www.linkedin.com/in/Zed-Zeta/' } });
      await env.store.appendAudit({ id: 'au_1', trace: aTrace(), action: 'lead.created', leadId: zed.id, detail: { email: 'zed@zeta.example', name: 'Zed Zetterberg' } });
      await env.store.addCadenceStop({ identityKey: 'email:zed@zeta.example' as IdentityKey, reason: 'replied', at: AT });

      const plan = planErasure(SECRET, { lead: zed, aliases: [], keys: [] }, 'DSR-1', AT);
      const report = (await env.store.erasePerson(plan))._unsafeUnwrap();
      expect(report).toMatchObject({ leads: 1, cardsDeleted: 1, cardsRedacted: 1 });

      expect((await env.store.getLead(zed.id))._unsafeUnwrap()).toBeNull();
      expect((await env.store.findLeadsByKeys(['email:zed@zeta.example' as IdentityKey]))._unsafeUnwrap()).toEqual([]);
      expect((await env.store.getCard('card_pending' as CardId))._unsafeUnwrap()).toBeNull();
      expect((await env.store.getCard('card_sent' as CardId))._unsafeUnwrap()).toMatchObject({ status: 'sent' });
      expect((await env.store.getLead(amy.id))._unsafeUnwrap()).toEqual(amy);
      expect((await env.store.findSuppressions([erasedTarget(SECRET, 'email:zed@zeta.example' as IdentityKey)]))._unsafeUnwrap()).toHaveLength(1);
      const audit = (await env.store.listAudit({}))._unsafeUnwrap();
      expect(audit.map((a) => a.id)).toContain('au_1');
      const everything = JSON.stringify([(await env.store.exportRecords())._unsafeUnwrap(), audit, (await env.store.listPendingInbox(100))._unsafeUnwrap()]);
      expect(everything).not.toMatch(PERSONAL);
      expect(everything).toContain('amy@other.example');
    });

    it('a second erasure of the person (records about them arrived since) keeps what the first left under the hashed names, and adds to it', async () => {
      const email = 'email:zed@zeta.example' as IdentityKey;
      const zed = (await env.store.putLead(aLead('lead_zed', { email: 'zed@zeta.example', linkedinUrl: null }), null))._unsafeUnwrap();
      const about = (id: string) => ({ id, trace: aTrace(), action: 'reply.handled', identityKeys: [email], detail: {} });
      (await env.store.appendAudit(about('au_before')))._unsafeUnwrap();
      (await env.store.erasePerson(planErasure(SECRET, { lead: zed, aliases: [], keys: [] }, 'DSR-3', AT)))._unsafeUnwrap();
      const hidden = (await env.store.listAudit({}))._unsafeUnwrap().find((e) => e.id === 'au_before')?.identityKeys?.[0];
      expect(hidden).toBeDefined();
      expect(hidden).not.toBe(email);
      expect((await env.store.listAuditByKey(hidden!, 10))._unsafeUnwrap().map((e) => e.id)).toEqual(['au_before']);

      // A reply from the erased address: recorded under its key until erased again.
      (await env.store.appendAudit(about('au_after')))._unsafeUnwrap();
      expect((await env.store.listAuditByKey(email, 10))._unsafeUnwrap().map((e) => e.id)).toEqual(['au_after']);
      (await env.store.erasePerson(planErasure(SECRET, { lead: null, aliases: [], keys: [email] }, 'DSR-4', AT)))._unsafeUnwrap();
      expect((await env.store.listAuditByKey(hidden!, 10))._unsafeUnwrap().map((e) => e.id)).toEqual(['au_before', 'au_after']);
      expect((await env.store.listAuditByKey(email, 10))._unsafeUnwrap()).toEqual([]);
    });

    it('replaces a short name only as a whole word inside the person\'s records, never elsewhere', async () => {
      const cy = (await env.store.putLead(aLead('lead_cy', { email: 'cy@cyco.example', linkedinUrl: null, firstName: 'Cy', lastName: 'Ng' }), null))._unsafeUnwrap();
      const amy = (await env.store.putLead(aLead('lead_amy', { email: 'amy@other.example', linkedinUrl: null, firstName: 'Amy', company: 'Acme Cycling' }), null))._unsafeUnwrap();
      await env.store.putControls({ ...initialControls(AT), version: 1 }, 0);
      await env.store.putCard(aCard('card_cy', cy, { body: 'Cy, a note about cycling and recycling.' }), null);
      (await env.store.erasePerson(planErasure(SECRET, { lead: cy, aliases: [], keys: [] }, 'DSR-2', AT)))._unsafeUnwrap();
      expect((await env.store.getControls())._unsafeUnwrap().emergencyStop.engaged).toBe(false);
      expect((await env.store.getLead(amy.id))._unsafeUnwrap()).toEqual(amy);
      expect(JSON.stringify((await env.store.exportRecords())._unsafeUnwrap())).not.toMatch(/cy@cyco\.example|"Cy"/);
    });
  });
};
