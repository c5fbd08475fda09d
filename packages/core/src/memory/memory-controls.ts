import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { initialControls, type Controls } from '../controls/controls.js';
import type { ControlsStore } from '../ports/controls-store.js';
import type { StoreError, VersionConflict } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';
import { clone } from './memory-state.js';

/** The reference `ControlsStore`: one record, version 0 until first written. */
export const memoryControls = (m: MemoryMachine): ControlsStore => ({
  getControls(): ResultAsync<Controls, StoreError> {
    return m.frozen(() => m.state.controls ?? initialControls(new Date(0).toISOString()));
  },

  putControls(controls: Controls, expectedVersion: number): ResultAsync<Controls, StoreError | VersionConflict> {
    return m.run<Controls, VersionConflict>(() => {
      const actual = m.state.controls?.version ?? 0;
      if (actual !== expectedVersion) return errAsync({ _tag: 'VersionConflict', entity: 'controls', id: 'controls', expected: expectedVersion, actual });
      m.state.controls = clone(controls);
      return okAsync(clone(controls));
    });
  },
});
