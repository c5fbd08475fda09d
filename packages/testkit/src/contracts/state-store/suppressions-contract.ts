import type { IdentityKey } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { AT } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

/** The contract of `Suppressions`: idempotent adds, the first record wins. @category testing */
export const suppressionsContract = (env: StateStoreContractEnv): void => {
  describe('suppressions', () => {
    it('adds suppressions idempotently, keeping the first', async () => {
      await env.store.addSuppression({ target: 'email:ada@acme.example' as IdentityKey, reason: 'unsubscribed', source: 'instantly', at: AT });
      await env.store.addSuppression({ target: 'email:ada@acme.example' as IdentityKey, reason: 'bounced', source: 'ghl', at: AT });
      await env.store.addSuppression({ target: 'domain:blocked.example', reason: 'manual', source: 'ops', at: AT });
      const found = (await env.store.findSuppressions(['email:ada@acme.example' as IdentityKey, 'domain:blocked.example', 'domain:other.example']))._unsafeUnwrap();
      expect(found.map((s) => [s.target, s.reason])).toEqual([
        ['email:ada@acme.example', 'unsubscribed'],
        ['domain:blocked.example', 'manual'],
      ]);
    });
  });
};
