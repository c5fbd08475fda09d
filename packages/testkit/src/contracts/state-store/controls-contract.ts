import { describe, expect, it } from 'vitest';
import { AT } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

/** The contract of `ControlsStore`: the initial controls and compare-and-set. @category testing */
export const controlsContract = (env: StateStoreContractEnv): void => {
  describe('controls', () => {
    it('starts with released controls at version 0 and compare-and-sets them', async () => {
      const initial = (await env.store.getControls())._unsafeUnwrap();
      expect(initial).toMatchObject({ emergencyStop: { engaged: false }, mode: 'supervised', sendWindowOverride: false, version: 0 });
      const engaged = { ...initial, emergencyStop: { engaged: true, by: 'ops', reason: 'drill', at: AT }, version: 1, updatedAt: AT };
      expect((await env.store.putControls(engaged, 0))._unsafeUnwrap()).toEqual(engaged);
      expect((await env.store.putControls({ ...engaged, version: 2 }, 0))._unsafeUnwrapErr()).toMatchObject({ _tag: 'VersionConflict', entity: 'controls', actual: 1 });
      expect((await env.store.getControls())._unsafeUnwrap()).toEqual(engaged);
    });
  });
};
