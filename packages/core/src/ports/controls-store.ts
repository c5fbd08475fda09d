import type { ResultAsync } from 'neverthrow';
import type { Controls } from '../controls/controls.js';
import { token } from '../shared/token.js';
import type { StoreError, VersionConflict } from './store-error.js';

/**
 * The operator's controls (emergency stop and the like): one record, compare-and-set on
 * `version` (version 0 = never written; reading it then gives the initial controls).
 *
 * @category ports
 */
export interface ControlsStore {
  getControls(): ResultAsync<Controls, StoreError>;
  putControls(controls: Controls, expectedVersion: number): ResultAsync<Controls, StoreError | VersionConflict>;
}
export const ControlsStore = token<ControlsStore>('ControlsStore');
