import { planLeadMerge, type Card, type IdentityKey, type Lead, type LeadId, type StateStore, type Suppression } from '@caio/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aCard, aClaim, aLead, aTrace, AT } from '../builders.js';
import { ManualClock } from '../clock/manual-clock.js';
import type { StateStoreFactory, StateStoreHarness } from './state-store-contract.js';

const LATER = '2026-03-02T21:00:00.000Z';

/**
 * The identity role's contract (`IdentityStore` and what it changes in the claim): every
 * adapter runs it. Two leads, one known by e-mail and one by LinkedIn profile, are the
 * same person once a record names both keys.
 *
 * @category testing
 */
export const describeIdentityStoreContract = (name: string, factory: StateStoreFactory, options: { readonly durable: boolean } = { durable: false }): void => {
  describe(`IdentityStore contract (${name})`, () => {
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

    const byEmail = (id: string, at = AT): Lead => aLead(id, { email: 'zed@zeta.example', linkedinUrl: null, lastName: 'Doe' }, at);
    const byLinkedIn = (id: string, at = LATER): Lead => aLead(id, { email: null, linkedinUrl: 'https://www.linkedin.com/in/zed-zeta/', lastName: 'D.' }, at);
    const bridge = aLead('bridge', { email: 'ZED@zeta.example', linkedinUrl: 'linkedin.com/in/Zed-Zeta', lastName: 'D.' }, LATER);

    /** Stores both leads, then the bridging record's merge, as `upsertLead` would. */
    const mergeBoth = async (): Promise<{ email: Lead; linkedin: Lead; survivor: Lead }> => {
      const email = (await store.putLead(byEmail('lead_email'), null))._unsafeUnwrap();
      const linkedin = (await store.putLead(byLinkedIn('lead_linkedin'), null))._unsafeUnwrap();
      const plan = planLeadMerge(bridge, [linkedin, email], LATER);
      const survivor = (await store.saveMergedLead({ lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) }))._unsafeUnwrap();
      return { email, linkedin, survivor };
    };

    const queued = async (card: Card): Promise<Card> => (await store.putCard({ ...card, status: 'queued' }, null))._unsafeUnwrap();

    it('merges every lead a record bridges into the oldest; the others resolve to it', async () => {
      const { email, linkedin, survivor } = await mergeBoth();
      expect(survivor.id).toBe(email.id);
      expect(survivor.lastName).toBe('Doe');
      expect((await store.getLead(linkedin.id))._unsafeUnwrap()?.id).toBe(email.id);
      expect((await store.resolveLeadId(linkedin.id))._unsafeUnwrap()).toBe(email.id);
      expect((await store.resolveLeadId('lead_nobody' as LeadId))._unsafeUnwrap()).toBeNull();
      expect((await store.listAliases(email.id))._unsafeUnwrap()).toEqual([linkedin.id]);
      expect((await store.findLeadsByKeys(['linkedin:linkedin.com/in/zed-zeta' as IdentityKey]))._unsafeUnwrap().map((l) => l.id)).toEqual([email.id]);
      expect((await store.listLeads({}))._unsafeUnwrap().items.map((l) => l.id)).toEqual([email.id]);
      const exported = (await store.exportRecords())._unsafeUnwrap();
      expect(exported.filter((r) => r.kind === 'lead_alias')).toEqual([{ kind: 'lead_alias', value: { id: linkedin.id, survivor: email.id } }]);
    });

    it("lists a merged lead's cards under the survivor", async () => {
      const email = (await store.putLead(byEmail('lead_email'), null))._unsafeUnwrap();
      const linkedin = (await store.putLead(byLinkedIn('lead_linkedin'), null))._unsafeUnwrap();
      await queued(aCard('card_ghl', email));
      await queued(aCard('card_hr', linkedin, { channel: 'heyreach', campaignId: 'c1' }));
      const plan = planLeadMerge(bridge, [email, linkedin], LATER);
      await store.saveMergedLead({ lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) });
      expect((await store.listCards({ leadId: email.id }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_ghl', 'card_hr']);
      expect((await store.listCards({ leadId: linkedin.id }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_ghl', 'card_hr']);
    });

    it('changes nothing when an absorbed lead moved on since it was read', async () => {
      const email = (await store.putLead(byEmail('lead_email'), null))._unsafeUnwrap();
      const linkedin = (await store.putLead(byLinkedIn('lead_linkedin'), null))._unsafeUnwrap();
      await store.putLead({ ...linkedin, title: 'CEO', version: 2 }, 1);
      const plan = planLeadMerge(bridge, [email, linkedin], LATER);
      const result = await store.saveMergedLead({ lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) });
      expect(result._unsafeUnwrapErr()).toMatchObject({ _tag: 'VersionConflict', entity: 'lead', id: linkedin.id, expected: 1, actual: 2 });
      expect((await store.getLead(linkedin.id))._unsafeUnwrap()).toMatchObject({ id: linkedin.id, title: 'CEO' });
      expect((await store.getLead(email.id))._unsafeUnwrap()).toEqual(email);
    });

    it('re-points aliases when a survivor is merged again (one hop)', async () => {
      const oldest = (await store.putLead(aLead('lead_a', { email: 'a@x.example', linkedinUrl: null }, '2026-01-01T00:00:00.000Z'), null))._unsafeUnwrap();
      const middle = (await store.putLead(aLead('lead_b', { email: 'b@x.example', linkedinUrl: null }, '2026-02-01T00:00:00.000Z'), null))._unsafeUnwrap();
      const newest = (await store.putLead(aLead('lead_c', { email: null, linkedinUrl: 'linkedin.com/in/c' }, '2026-03-01T00:00:00.000Z'), null))._unsafeUnwrap();
      const first = planLeadMerge(aLead('row1', { email: 'b@x.example', linkedinUrl: 'linkedin.com/in/c' }, LATER), [middle, newest], LATER);
      await store.saveMergedLead({ lead: first.lead, expectedVersion: first.expectedVersion, absorbed: first.absorbed.map((l) => ({ id: l.id, version: l.version })) });
      const middleNow = (await store.getLead(middle.id))._unsafeUnwrap()!;
      const second = planLeadMerge(aLead('row2', { email: 'a@x.example', linkedinUrl: 'linkedin.com/in/c' }, LATER), [oldest, middleNow], LATER);
      await store.saveMergedLead({ lead: second.lead, expectedVersion: second.expectedVersion, absorbed: second.absorbed.map((l) => ({ id: l.id, version: l.version })) });
      expect((await store.getLead(newest.id))._unsafeUnwrap()?.id).toBe(oldest.id);
      expect((await store.listAliases(oldest.id))._unsafeUnwrap()).toEqual([middle.id, newest.id]);
    });

    describe('the claim decides on the person as it is now', () => {
      it('refuses a first touch for a card crafted before the merge when the other side was touched', async () => {
        const email = (await store.putLead(byEmail('lead_email'), null))._unsafeUnwrap();
        const linkedin = (await store.putLead(byLinkedIn('lead_linkedin'), null))._unsafeUnwrap();
        const ghl = await queued(aCard('card_ghl', email));
        const sameChannel = await queued(aCard('card_ghl_2', linkedin));
        const heyreach = await queued(aCard('card_hr', linkedin, { channel: 'heyreach', campaignId: 'c1' }));
        const plan = planLeadMerge(bridge, [email, linkedin], LATER);
        await store.saveMergedLead({ lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) });
        const entry = (await store.claimSend(aClaim(ghl)))._unsafeUnwrap();
        expect([...entry.leadKeys].sort()).toEqual(['email:zed@zeta.example', 'linkedin:linkedin.com/in/zed-zeta']);
        expect((await store.claimSend(aClaim(sameChannel)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'lead_already_touched' });
        expect((await store.claimSend(aClaim(heyreach)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'channel_locked' });
        expect((await store.getFirstTouches(['linkedin:linkedin.com/in/zed-zeta' as IdentityKey]))._unsafeUnwrap()).toMatchObject([{ cardId: 'card_ghl' }]);
      });

      it("refuses when a key of the merged person (or its e-mail domain) is suppressed", async () => {
        const { linkedin } = await mergeBoth();
        const card = await queued(aCard('card_hr', linkedin, { channel: 'heyreach', campaignId: 'c1' }));
        const suppression: Suppression = { target: 'domain:zeta.example', reason: 'manual', source: 'operator', at: AT };
        await store.addSuppression(suppression);
        expect((await store.claimSend(aClaim(card)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'suppressed' });
        expect((await store.getCard(card.id))._unsafeUnwrap()?.status).toBe('queued');
      });

      it("refuses a follow-up when the person's cadence stopped on any key", async () => {
        const { linkedin } = await mergeBoth();
        const card = await queued(aCard('card_hr_1', linkedin, { channel: 'heyreach', campaignId: 'c1', step: 1 }));
        await store.addCadenceStop({ identityKey: 'email:zed@zeta.example' as IdentityKey, reason: 'replied', at: AT });
        expect((await store.claimSend(aClaim(card)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'cadence_stopped' });
      });

      it('claims a card whose lead gained a key after crafting over the new key too', async () => {
        const email = (await store.putLead(byEmail('lead_email'), null))._unsafeUnwrap();
        const card = await queued(aCard('card_ghl', email));
        await store.putLead({ ...email, otherKeys: ['ghl:Cx9' as IdentityKey], version: 2 }, 1);
        const entry = (await store.claimSend(aClaim(card, { trace: aTrace() })))._unsafeUnwrap();
        expect(entry.leadKeys).toContain('ghl:Cx9');
        expect((await store.getFirstTouches(['ghl:Cx9' as IdentityKey]))._unsafeUnwrap()).toMatchObject([{ cardId: 'card_ghl' }]);
      });
    });

    if (options.durable) {
      it('keeps aliases and the merged person across a restart', async () => {
        const { linkedin, email } = await mergeBoth();
        const card = await queued(aCard('card_hr', linkedin, { channel: 'heyreach', campaignId: 'c1' }));
        await store.close();
        store = await harness.reopen!();
        expect((await store.getLead(linkedin.id))._unsafeUnwrap()?.id).toBe(email.id);
        await store.addSuppression({ target: 'email:zed@zeta.example' as IdentityKey, reason: 'unsubscribed', source: 'ghl', at: AT });
        expect((await store.claimSend(aClaim(card)))._unsafeUnwrapErr()).toMatchObject({ reason: 'suppressed' });
      });
    }
  });
};
