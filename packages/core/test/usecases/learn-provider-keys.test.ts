import { learnProviderKeys, leadKeys, providerKeysOfReceipt, type CardId, type IdentityKey, type LeadId } from '@caio/core';
import { aLead } from '@caio/testkit';
import { describe, expect, it } from 'vitest';
import { makeWorld, traceOf } from './fixture.js';

describe('provider ids become keys of the person', () => {
  it('reads GHL contact ids and Instantly lead ids from receipts, nothing else', () => {
    expect(providerKeysOfReceipt('ghl_email', { contactId: 'Cx9', messageId: 'm1' })).toEqual(['ghl:Cx9']);
    expect(providerKeysOfReceipt('instantly', { leadId: '0F8FAD5B-D9CB-469F-A165-70867728950E' })).toEqual(['instantly:0f8fad5b-d9cb-469f-a165-70867728950e']);
    expect(providerKeysOfReceipt('instantly', { leadId: 'not-a-uuid' })).toEqual([]);
    expect(providerKeysOfReceipt('heyreach', { campaignId: 4242 })).toEqual([]);
  });

  it("adds the id to the lead, merging a lead that already held it, audited", async () => {
    const world = makeWorld();
    const ada = (await world.deps.store.putLead(aLead('ada', {}, '2026-01-01T00:00:00.000Z'), null))._unsafeUnwrap();
    // An import that knew only GHL's id for her.
    const byId = (await world.deps.store.putLead(aLead('ghl_only', { email: null, linkedinUrl: 'linkedin.com/in/ada-2', keys: ['ghl:Cx9'] }, '2026-02-01T00:00:00.000Z'), null))._unsafeUnwrap();
    await learnProviderKeys(world.deps, { id: 'card_1' as CardId, leadId: ada.id, channel: 'ghl_email' }, { contactId: 'Cx9' }, traceOf(world));
    const now = (await world.deps.store.getLead(ada.id))._unsafeUnwrap()!;
    expect(leadKeys(now)).toContain('ghl:Cx9');
    expect(leadKeys(now)).toContain('linkedin:linkedin.com/in/ada-2');
    expect((await world.deps.store.getLead(byId.id))._unsafeUnwrap()?.id).toBe(ada.id);
    expect((await world.deps.store.findLeadsByKeys(['ghl:Cx9' as IdentityKey]))._unsafeUnwrap().map((l) => l.id)).toEqual([ada.id]);
    const entry = (await world.deps.store.listAudit({ leadId: ada.id as LeadId }))._unsafeUnwrap().find((a) => a.action === 'lead.keys_learned');
    expect(entry).toMatchObject({ detail: { keys: ['ghl:Cx9'], absorbed: [{ id: 'ghl_only' }] } });
  });
});
