import type { IdentityKey } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { aLead } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

/** The contract of `Leads`: compare-and-set, identity lookups, listings. @category testing */
export const leadsContract = (env: StateStoreContractEnv): void => {
  describe('leads', () => {
    it('creates with expected version null and refuses a second create', async () => {
      const lead = aLead('ada');
      expect((await env.store.putLead(lead, null))._unsafeUnwrap()).toEqual(lead);
      expect((await env.store.getLead(lead.id))._unsafeUnwrap()).toEqual(lead);
      const again = await env.store.putLead(lead, null);
      expect(again._unsafeUnwrapErr()).toMatchObject({ _tag: 'VersionConflict', entity: 'lead', expected: null, actual: 1 });
    });

    it('updates only at the version read', async () => {
      const lead = aLead('ada');
      await env.store.putLead(lead, null);
      const stale = await env.store.putLead({ ...lead, title: 'CEO', version: 2 }, 7);
      expect(stale._unsafeUnwrapErr()).toMatchObject({ _tag: 'VersionConflict', expected: 7, actual: 1 });
      expect((await env.store.putLead({ ...lead, title: 'CEO', version: 2 }, 1))._unsafeUnwrap().title).toBe('CEO');
      expect((await env.store.getLead(lead.id))._unsafeUnwrap()?.version).toBe(2);
    });

    it('returns null for an unknown id', async () => {
      expect((await env.store.getLead(aLead('nobody').id))._unsafeUnwrap()).toBeNull();
    });

    it('finds a lead by any identity key, once', async () => {
      const lead = aLead('ada');
      await env.store.putLead(lead, null);
      const byEmail = await env.store.findLeadsByKeys([`email:${lead.identity.email}` as IdentityKey]);
      const byBoth = await env.store.findLeadsByKeys([`email:${lead.identity.email}`, `linkedin:${lead.identity.linkedin}`] as IdentityKey[]);
      const none = await env.store.findLeadsByKeys(['email:nobody@else.example' as IdentityKey]);
      expect(byEmail._unsafeUnwrap().map((l) => l.id)).toEqual([lead.id]);
      expect(byBoth._unsafeUnwrap().map((l) => l.id)).toEqual([lead.id]);
      expect(none._unsafeUnwrap()).toEqual([]);
    });

    it('lists by source label in id order, page by page', async () => {
      for (const id of ['c', 'a', 'e', 'b', 'd']) await env.store.putLead(aLead(id, { sourceLabel: 'wpromote' }), null);
      await env.store.putLead(aLead('z', { sourceLabel: 'other' }), null);
      const first = (await env.store.listLeads({ sourceLabel: 'wpromote', limit: 2 }))._unsafeUnwrap();
      expect(first.items.map((l) => l.id)).toEqual(['a', 'b']);
      expect(first.next).toBe('b');
      const second = (await env.store.listLeads({ sourceLabel: 'wpromote', limit: 2, after: 'b' }))._unsafeUnwrap();
      expect(second.items.map((l) => l.id)).toEqual(['c', 'd']);
      const last = (await env.store.listLeads({ sourceLabel: 'wpromote', limit: 2, after: 'd' }))._unsafeUnwrap();
      expect(last.items.map((l) => l.id)).toEqual(['e']);
      expect(last.next).toBeUndefined();
      expect((await env.store.listLeads({}))._unsafeUnwrap().items).toHaveLength(6);
    });
  });
};
