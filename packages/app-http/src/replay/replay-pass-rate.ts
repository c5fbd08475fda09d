import { replayPassRateFor, type ControlsStore } from '@caio/core';
import { runningVersion } from './running-version.js';

/**
 * The pass rate of the last replay gate run with the running code, from the controls
 * record every instance shares; null when none is recorded, it was another version's, or
 * the store cannot be read (the go/no-go and the `replay_gate` breaker then count the gate
 * as missing: the safe side).
 */
export const readReplayPassRate = async (store: ControlsStore, version = runningVersion()): Promise<number | null> => {
  const controls = await store.getControls();
  return controls.isOk() ? replayPassRateFor(controls.value.replayGate, version) : null;
};
