import type { Suppression, SuppressionTarget } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { AT } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

const entry = (target: string, source = 'operator'): Suppression => ({ target: target as SuppressionTarget, reason: 'manual', source, at: AT, actor: 'ops:maria', note: 'a customer' });

/**
 * The `SuppressionList` contract: the do-not-contact list pages by target and removes one
 * entry at a time; every adapter runs it.
 *
 * @category testing
 */
export const suppressionListContract = (env: StateStoreContractEnv): void => {
  describe('do-not-contact list', () => {
    it('lists every entry by target, page by page, with actor, note and source', async () => {
      for (const t of ['email:c@x.example', 'domain:acme.example', 'linkedin:linkedin.com/in/b']) await env.store.addSuppression(entry(t));
      await env.store.addSuppression(entry('email:d@x.example', 'instantly:evt_1'));
      const first = (await env.store.listSuppressions({ limit: 2 }))._unsafeUnwrap();
      expect(first.items.map((s) => s.target)).toEqual(['domain:acme.example', 'email:c@x.example']);
      const second = (await env.store.listSuppressions({ limit: 2, after: first.next! }))._unsafeUnwrap();
      expect(second.items.map((s) => s.target)).toEqual(['email:d@x.example', 'linkedin:linkedin.com/in/b']);
      expect(second.next).toBeUndefined();
      expect(second.items[0]).toEqual(entry('email:d@x.example', 'instantly:evt_1'));
    });

    it('removes one entry and returns it; removing an absent one returns null and changes nothing', async () => {
      await env.store.addSuppression(entry('domain:acme.example'));
      await env.store.addSuppression(entry('email:c@x.example'));
      expect((await env.store.removeSuppression('domain:acme.example'))._unsafeUnwrap()).toEqual(entry('domain:acme.example'));
      expect((await env.store.findSuppressions(['domain:acme.example']))._unsafeUnwrap()).toEqual([]);
      const before = (await env.store.exportRecords())._unsafeUnwrap();
      expect((await env.store.removeSuppression('domain:acme.example'))._unsafeUnwrap()).toBeNull();
      expect((await env.store.exportRecords())._unsafeUnwrap()).toEqual(before);
      expect((await env.store.listSuppressions({}))._unsafeUnwrap().items.map((s) => s.target)).toEqual(['email:c@x.example']);
    });
  });
};
