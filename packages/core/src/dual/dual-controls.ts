import type { ResultAsync } from 'neverthrow';
import type { Controls } from '../controls/controls.js';
import type { ControlsStore } from '../ports/controls-store.js';
import type { StoreError, VersionConflict } from '../ports/store-error.js';
import type { DualRouter } from './dual-router.js';

/** `ControlsStore` over two stores: reads compared, writes mirrored (see `DualRouter`). */
export const dualControls = (d: DualRouter): ControlsStore => ({
  getControls(): ResultAsync<Controls, StoreError> {
    return d.read('getControls', ['controls'], (s) => s.getControls());
  },
  putControls(controls: Controls, expectedVersion: number): ResultAsync<Controls, StoreError | VersionConflict> {
    return d.write('putControls', ['controls'], (s) => s.putControls(controls, expectedVersion));
  },
});
