import { leadKeys, planLeadMerge, type Card, type IdentityKey, type Lead, type LeadId, type Suppression } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { aCard, aClaim, aLead, aTrace, AT } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

const LATER = '2026-03-02T21:00:00.000Z';

/**
 * The identity role's contract (`IdentityStore` and what it changes in the claim): every
 * adapter runs it. Two leads, one known by e-mail and one by LinkedIn profile, are the
 * same person once a record names both keys.
 *
 * @category testing
 */
export const identityStoreContract = (env: StateStoreContractEnv): void => {
  describe('identity (merges and aliases)', () => {

    const byEmail = (id: string, at = AT): Lead => aLead(id, { email: 'zed@zeta.example', linkedinUrl: null, lastName: 'Doe' }, at);
    const byLinkedIn = (id: string, at = LATER): Lead => aLead(id, { email: null, linkedinUrl: 'https://www.linkedin.com/in/zed-zeta/', lastName: 'D.' }, at);
    const bridge = aLead('bridge', { email: 'ZED@zeta.example', linkedinUrl: 'linkedin.com/in/Zed-Zeta', lastName: 'D.' }, LATER);

    /** Stores both leads, then the bridging record's merge, as `upsertLead` would. */
    const mergeBoth = async (): Promise<{ email: Lead; linkedin: Lead; survivor: Lead }> => {
      const email = (await env.store.putLead(byEmail('lead_email'), null))._unsafeUnwrap();
      const linkedin = (await env.store.putLead(byLinkedIn('lead_linkedin'), null))._unsafeUnwrap();
      const plan = planLeadMerge(bridge, [linkedin, email], LATER);
      const survivor = (await env.store.saveMergedLead({ lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) }))._unsafeUnwrap();
      return { email, linkedin, survivor };
    };

    const queued = (card: Card): Promise<Card> => env.putQueued(card);

    it('merges every lead a record bridges into the oldest; the others resolve to it', async () => {
      const { email, linkedin, survivor } = await mergeBoth();
      expect(survivor.id).toBe(email.id);
      expect(survivor.lastName).toBe('Doe');
      expect((await env.store.getLead(linkedin.id))._unsafeUnwrap()?.id).toBe(email.id);
      expect((await env.store.resolveLeadId(linkedin.id))._unsafeUnwrap()).toBe(email.id);
      expect((await env.store.resolveLeadId('lead_nobody' as LeadId))._unsafeUnwrap()).toBeNull();
      expect((await env.store.listAliases(email.id))._unsafeUnwrap()).toEqual([linkedin.id]);
      expect((await env.store.findLeadsByKeys(['linkedin:linkedin.com/in/zed-zeta' as IdentityKey]))._unsafeUnwrap().map((l) => l.id)).toEqual([email.id]);
      expect((await env.store.listLeads({}))._unsafeUnwrap().items.map((l) => l.id)).toEqual([email.id]);
      const exported = (await env.store.exportRecords())._unsafeUnwrap();
      expect(exported.filter((r) => r.kind === 'lead_alias')).toEqual([{ kind: 'lead_alias', value: { id: linkedin.id, survivor: email.id } }]);
    });

    it("lists a merged lead's cards under the survivor", async () => {
      const email = (await env.store.putLead(byEmail('lead_email'), null))._unsafeUnwrap();
      const linkedin = (await env.store.putLead(byLinkedIn('lead_linkedin'), null))._unsafeUnwrap();
      await queued(aCard('card_ghl', email));
      await queued(aCard('card_hr', linkedin, { channel: 'heyreach', campaignId: 'c1' }));
      const plan = planLeadMerge(bridge, [email, linkedin], LATER);
      await env.store.saveMergedLead({ lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) });
      expect((await env.store.listCards({ leadId: email.id }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_ghl', 'card_hr']);
      expect((await env.store.listCards({ leadId: linkedin.id }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_ghl', 'card_hr']);
    });

    it('changes nothing when an absorbed lead moved on since it was read', async () => {
      const email = (await env.store.putLead(byEmail('lead_email'), null))._unsafeUnwrap();
      const linkedin = (await env.store.putLead(byLinkedIn('lead_linkedin'), null))._unsafeUnwrap();
      await env.store.putLead({ ...linkedin, title: 'CEO', version: 2 }, 1);
      const plan = planLeadMerge(bridge, [email, linkedin], LATER);
      const result = await env.store.saveMergedLead({ lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) });
      expect(result._unsafeUnwrapErr()).toMatchObject({ _tag: 'VersionConflict', entity: 'lead', id: linkedin.id, expected: 1, actual: 2 });
      expect((await env.store.getLead(linkedin.id))._unsafeUnwrap()).toMatchObject({ id: linkedin.id, title: 'CEO' });
      expect((await env.store.getLead(email.id))._unsafeUnwrap()).toEqual(email);
    });

    it('re-points aliases when a survivor is merged again (one hop)', async () => {
      const oldest = (await env.store.putLead(aLead('lead_a', { email: 'a@x.example', linkedinUrl: null }, '2026-01-01T00:00:00.000Z'), null))._unsafeUnwrap();
      const middle = (await env.store.putLead(aLead('lead_b', { email: 'b@x.example', linkedinUrl: null }, '2026-02-01T00:00:00.000Z'), null))._unsafeUnwrap();
      const newest = (await env.store.putLead(aLead('lead_c', { email: null, linkedinUrl: 'linkedin.com/in/c' }, '2026-03-01T00:00:00.000Z'), null))._unsafeUnwrap();
      const first = planLeadMerge(aLead('row1', { email: 'b@x.example', linkedinUrl: 'linkedin.com/in/c' }, LATER), [middle, newest], LATER);
      await env.store.saveMergedLead({ lead: first.lead, expectedVersion: first.expectedVersion, absorbed: first.absorbed.map((l) => ({ id: l.id, version: l.version })) });
      const middleNow = (await env.store.getLead(middle.id))._unsafeUnwrap()!;
      const second = planLeadMerge(aLead('row2', { email: 'a@x.example', linkedinUrl: 'linkedin.com/in/c' }, LATER), [oldest, middleNow], LATER);
      await env.store.saveMergedLead({ lead: second.lead, expectedVersion: second.expectedVersion, absorbed: second.absorbed.map((l) => ({ id: l.id, version: l.version })) });
      expect((await env.store.getLead(newest.id))._unsafeUnwrap()?.id).toBe(oldest.id);
      expect((await env.store.listAliases(oldest.id))._unsafeUnwrap()).toEqual([middle.id, newest.id]);
    });

    describe('the claim decides on the person as it is now', () => {
      it('refuses a first touch for a card crafted before the merge when the other side was touched', async () => {
        const email = (await env.store.putLead(byEmail('lead_email'), null))._unsafeUnwrap();
        const linkedin = (await env.store.putLead(byLinkedIn('lead_linkedin'), null))._unsafeUnwrap();
        const ghl = await queued(aCard('card_ghl', email));
        const sameChannel = await queued(aCard('card_ghl_2', linkedin));
        const heyreach = await queued(aCard('card_hr', linkedin, { channel: 'heyreach', campaignId: 'c1' }));
        const plan = planLeadMerge(bridge, [email, linkedin], LATER);
        await env.store.saveMergedLead({ lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) });
        const entry = (await env.store.claimSend(aClaim(ghl)))._unsafeUnwrap();
        expect([...entry.leadKeys].sort()).toEqual(['email:zed@zeta.example', 'linkedin:linkedin.com/in/zed-zeta']);
        expect((await env.store.claimSend(aClaim(sameChannel)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'lead_already_touched' });
        expect((await env.store.claimSend(aClaim(heyreach)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'channel_locked' });
        expect((await env.store.getFirstTouches(['linkedin:linkedin.com/in/zed-zeta' as IdentityKey]))._unsafeUnwrap()).toMatchObject([{ cardId: 'card_ghl' }]);
      });

      it('also when the claim names the person as the caller read it before the merge (as dispatch names it)', async () => {
        const email = (await env.store.putLead(byEmail('lead_email'), null))._unsafeUnwrap();
        const linkedin = (await env.store.putLead(byLinkedIn('lead_linkedin'), null))._unsafeUnwrap();
        const ghl = await queued(aCard('card_ghl', email));
        const heyreach = await queued(aCard('card_hr', linkedin, { channel: 'heyreach', campaignId: 'c1' }));
        const asRead = (lead: Lead) => ({ person: { root: lead.id, keys: leadKeys(lead), companyDomain: lead.companyDomain ?? null } });
        const plan = planLeadMerge(bridge, [email, linkedin], LATER);
        await env.store.saveMergedLead({ lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) });
        const entry = (await env.store.claimSend(aClaim(ghl, asRead(email))))._unsafeUnwrap();
        expect([...entry.leadKeys].sort()).toEqual(['email:zed@zeta.example', 'linkedin:linkedin.com/in/zed-zeta']);
        expect((await env.store.claimSend(aClaim(heyreach, asRead(linkedin))))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'channel_locked' });
      });

      it("refuses when a key of the merged person (or its e-mail domain) is suppressed", async () => {
        const { linkedin } = await mergeBoth();
        const card = await queued(aCard('card_hr', linkedin, { channel: 'heyreach', campaignId: 'c1' }));
        const suppression: Suppression = { target: 'domain:zeta.example', reason: 'manual', source: 'operator', at: AT };
        await env.store.addSuppression(suppression);
        expect((await env.store.claimSend(aClaim(card)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'suppressed' });
        expect((await env.store.getCard(card.id))._unsafeUnwrap()?.status).toBe('queued');
      });

      it("refuses when the person's company domain is on the list, whatever their address or profile (an entry added after the policy read)", async () => {
        const partner = { company: 'Partner', companyDomain: 'Partner.example' };
        const byMail = (await env.store.putLead(aLead('lead_mail', { email: 'zed@gmail.example', linkedinUrl: null, ...partner }), null))._unsafeUnwrap();
        const byProfile = (await env.store.putLead(aLead('lead_profile', { email: null, linkedinUrl: 'linkedin.com/in/partner-person', ...partner }), null))._unsafeUnwrap();
        const outsider = (await env.store.putLead(aLead('lead_other', { email: 'x@gmail.example', linkedinUrl: null, companyDomain: 'other.example' }), null))._unsafeUnwrap();
        const cards = [await queued(aCard('card_ghl', byMail)), await queued(aCard('card_hr', byProfile, { channel: 'heyreach', campaignId: 'c1' }))];
        const other = await queued(aCard('card_other', outsider));
        await env.store.addSuppression({ target: 'domain:partner.example', reason: 'manual', source: 'operator', at: AT });
        for (const card of cards) {
          expect((await env.store.claimSend(aClaim(card)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'suppressed', detail: expect.stringContaining('domain:partner.example') });
          expect((await env.store.getCard(card.id))._unsafeUnwrap()?.status).toBe('queued');
        }
        expect((await env.store.claimSend(aClaim(other)))._unsafeUnwrap()).toMatchObject({ cardId: other.id, state: 'sending' });
      });

      it('checks the company domain of a claim that names its person against the list inside the claim', async () => {
        const lead = (await env.store.putLead(aLead('lead_mail', { email: 'zed@gmail.example', linkedinUrl: null, company: 'Partner', companyDomain: 'partner.example' }), null))._unsafeUnwrap();
        const card = await queued(aCard('card_ghl', lead));
        await env.store.addSuppression({ target: 'domain:partner.example', reason: 'manual', source: 'operator', at: AT });
        const named = { person: { root: lead.id, keys: leadKeys(lead), companyDomain: 'partner.example' } };
        expect((await env.store.claimSend(aClaim(card, named)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'suppressed', detail: expect.stringContaining('domain:partner.example') });
        expect((await env.store.getCard(card.id))._unsafeUnwrap()?.status).toBe('queued');
      });

      it("refuses a follow-up when the person's cadence stopped on any key", async () => {
        const { linkedin } = await mergeBoth();
        const card = await queued(aCard('card_hr_1', linkedin, { channel: 'heyreach', campaignId: 'c1', step: 1 }));
        await env.store.addCadenceStop({ identityKey: 'email:zed@zeta.example' as IdentityKey, reason: 'replied', at: AT });
        expect((await env.store.claimSend(aClaim(card)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'cadence_stopped' });
      });

      it('claims a card whose lead gained a key after crafting over the new key too', async () => {
        const email = (await env.store.putLead(byEmail('lead_email'), null))._unsafeUnwrap();
        const card = await queued(aCard('card_ghl', email));
        await env.store.putLead({ ...email, otherKeys: ['ghl:Cx9' as IdentityKey], version: 2 }, 1);
        const entry = (await env.store.claimSend(aClaim(card, { trace: aTrace() })))._unsafeUnwrap();
        expect(entry.leadKeys).toContain('ghl:Cx9');
        expect((await env.store.getFirstTouches(['ghl:Cx9' as IdentityKey]))._unsafeUnwrap()).toMatchObject([{ cardId: 'card_ghl' }]);
      });

      it('decides the same on the person when the claim does not name the card\'s lead, or names another', async () => {
        const { linkedin } = await mergeBoth();
        const card = await queued(aCard('card_hr', linkedin, { channel: 'heyreach', campaignId: 'c1' }));
        const { leadId: _named, ...unnamed } = aClaim(card);
        const entry = (await env.store.claimSend(unnamed))._unsafeUnwrap();
        expect([...entry.leadKeys].sort()).toEqual(['email:zed@zeta.example', 'linkedin:linkedin.com/in/zed-zeta']);
        const other = await queued(aCard('card_ghl', aLead('lead_other', { email: 'other@zeta.example' })));
        const misnamed = (await env.store.claimSend(aClaim(other, { leadId: linkedin.id })))._unsafeUnwrap();
        expect(misnamed.leadKeys).toEqual(other.leadKeys);
        expect(misnamed.leadKeys).not.toContain('linkedin:linkedin.com/in/zed-zeta');
      });
    });

    // Registered only for durable stores: a volatile store has no restart to survive.
    if (env.options.durable) {
      it('keeps aliases and the merged person across a restart', async () => {
        const { linkedin, email } = await mergeBoth();
        const card = await queued(aCard('card_hr', linkedin, { channel: 'heyreach', campaignId: 'c1' }));
        await env.reopen();
        expect((await env.store.getLead(linkedin.id))._unsafeUnwrap()?.id).toBe(email.id);
        await env.store.addSuppression({ target: 'email:zed@zeta.example' as IdentityKey, reason: 'unsubscribed', source: 'ghl', at: AT });
        expect((await env.store.claimSend(aClaim(card)))._unsafeUnwrapErr()).toMatchObject({ reason: 'suppressed' });
      });
    }
  });
};
