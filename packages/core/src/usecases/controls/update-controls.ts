import { errAsync, type ResultAsync } from 'neverthrow';
import type { Controls } from '../../controls/controls.js';
import type { ControlsStore } from '../../ports/controls-store.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';

const MAX_ATTEMPTS = 5;

/** What a change may set: anything but the version and time, which `updateControls` stamps. */
export type ControlsChange = (current: Controls) => Omit<Controls, 'version' | 'updatedAt'>;

/**
 * Applies a change to the controls record by compare-and-set: read, change, write with the
 * version read. When another writer got in between (another operator, another instance),
 * it re-reads and applies the change on top of theirs, so concurrent switches of different
 * controls never undo each other. Gives up with the `VersionConflict` after five tries.
 *
 * @category use-cases
 */
export const updateControls = (store: ControlsStore, change: ControlsChange, at: string, attempt = 1): ResultAsync<Controls, StoreError | VersionConflict> =>
  store
    .getControls()
    .andThen((current) => store.putControls({ ...change(current), version: current.version + 1, updatedAt: at }, current.version))
    .orElse((e) => (e._tag === 'VersionConflict' && attempt < MAX_ATTEMPTS ? updateControls(store, change, at, attempt + 1) : errAsync(e)));
