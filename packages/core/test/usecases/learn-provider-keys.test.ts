import { dispatchCard, learnProviderKeys, leadKeys, providerKeysOfReceipt, type CardId, type IdentityKey, type LeadId, type Logger, type OutboundChannel, type StateStore } from '@caio/core';
import { errAsync } from 'neverthrow';
import { aLead } from '@caio/testkit';
import { describe, expect, it } from 'vitest';
import { makeWorld, seedCard, statusOf, traceOf } from './fixture.js';

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

  it('never fails the dispatch when the store refuses the new key: logged, the send recorded as sent, the lead unchanged', async () => {
    const world = makeWorld();
    const { card, lead } = await seedCard(world, 'ada', 'card_1', { status: 'approved' });
    const warnings: { message: string; fields: unknown }[] = [];
    const logger: Logger = { debug: () => {}, info: () => {}, error: () => {}, warn: (message, fields) => warnings.push({ message, fields }) };
    // GHL names the contact in its receipt; the store is down for the merge that would record it.
    const fake = world.channels.ghl_email;
    const ghl: OutboundChannel = { channel: 'ghl_email', sandbox: fake.sandbox, send: (request) => fake.send(request).map((receipt) => ({ ...receipt, contactId: 'Cx9' })) };
    const store = world.deps.store;
    const failing = new Proxy(store, {
      get: (target, property, receiver) =>
        property === 'saveMergedLead' ? () => errAsync({ _tag: 'StoreUnavailable', message: 'connection reset' }) : Reflect.get(target, property, receiver),
    }) as StateStore;
    const outcome = (await dispatchCard({ ...world.deps, store: failing, logger, channels: { ...world.deps.channels, ghl_email: ghl } }, { cardId: card.id, trace: traceOf(world) }))._unsafeUnwrap();
    expect(outcome._tag).toBe('Sent');
    expect(await statusOf(world, 'card_1')).toBe('sent');
    expect((await store.getLedgerEntry(card.id, 0))._unsafeUnwrap()).toMatchObject({ state: 'sent' });
    expect(warnings).toEqual([{ message: 'could not record the provider id of a sent card as a key of its lead', fields: { cardId: 'card_1', error: 'StoreUnavailable' } }]);
    expect(leadKeys((await store.getLead(lead.id))._unsafeUnwrap()!)).not.toContain('ghl:Cx9');
    expect((await store.listAudit({}))._unsafeUnwrap().map((e) => e.action)).not.toContain('lead.keys_learned');
  });
});
