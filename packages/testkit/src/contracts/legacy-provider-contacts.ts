import { leadKeys, type IdentityKey, type LeadId, type StateStore } from '@caio/core';
import { expect } from 'vitest';
import { aLead } from '../builders.js';

/**
 * What a store of a version before 2026-12-02 held in its provider contact directory, for
 * the migration tests of each backend: Ada's GHL contact (one card's keys, which two
 * stored leads share: the person was split), and a contact whose keys no stored lead has.
 */
export const LEGACY_PROVIDER_CONTACTS = [
  { provider: 'ghl', contactId: 'ct_ada', keys: ['email:lead_ada@acme.example', 'email:ada.home@mail.example'] },
  { provider: 'ghl', contactId: 'ct_gone', keys: ['email:gone@nowhere.example'] },
] as const;

/** The leads the legacy directory refers to: Ada, and a later split lead holding her second address. */
export const seedLegacyContactLeads = async (store: StateStore): Promise<void> => {
  (await store.putLead(aLead('lead_ada', {}, '2026-01-01T00:00:00.000Z'), null))._unsafeUnwrap();
  (await store.putLead(aLead('lead_home', { email: 'ada.home@mail.example', linkedinUrl: null }, '2026-02-01T00:00:00.000Z'), null))._unsafeUnwrap();
};

/** After the conversion: the contact id is a key of Ada (the split lead merged into her); the unknown contact is gone. */
export const expectLegacyContactsAdopted = async (store: StateStore): Promise<void> => {
  const found = (await store.findLeadsByKeys(['ghl:ct_ada' as IdentityKey]))._unsafeUnwrap();
  expect(found.map((l) => l.id)).toEqual(['lead_ada']);
  expect(leadKeys(found[0]!)).toEqual(expect.arrayContaining(['ghl:ct_ada', 'email:lead_ada@acme.example', 'email:ada.home@mail.example', 'linkedin:linkedin.com/in/lead_ada']));
  expect((await store.resolveLeadId('lead_home' as LeadId))._unsafeUnwrap()).toBe('lead_ada');
  expect((await store.findLeadsByKeys(['ghl:ct_gone' as IdentityKey, 'email:gone@nowhere.example' as IdentityKey]))._unsafeUnwrap()).toEqual([]);
};
