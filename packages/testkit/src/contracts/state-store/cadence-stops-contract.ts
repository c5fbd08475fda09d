import type { IdentityKey } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { AT } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

/** The contract of `CadenceStops`: idempotent adds, the first stop wins. @category testing */
export const cadenceStopsContract = (env: StateStoreContractEnv): void => {
  describe('cadence stops', () => {
    it('records cadence stops per identity key', async () => {
      await env.store.addCadenceStop({ identityKey: 'email:ada@acme.example' as IdentityKey, reason: 'replied', at: AT });
      await env.store.addCadenceStop({ identityKey: 'email:ada@acme.example' as IdentityKey, reason: 'manual', at: AT });
      const stops = (await env.store.findCadenceStops(['email:ada@acme.example', 'linkedin:linkedin.com/in/ada'] as IdentityKey[]))._unsafeUnwrap();
      expect(stops.map((s) => s.reason)).toEqual(['replied']);
    });
  });
};
