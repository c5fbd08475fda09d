import type { ResultAsync } from 'neverthrow';
import { initialControls } from '../controls/controls.js';
import type { PolicyInputs, PolicyInputsRequest, StoredPolicyInputs } from '../ports/policy-inputs.js';
import type { StoreError } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';
import { findEach, type MemoryState } from './memory-state.js';

/** The key's ledger entry of the previous step on the same channel and campaign (first by ledger id). */
const previousStep = (s: MemoryState, wanted: NonNullable<PolicyInputsRequest['previousStep']>) =>
  [...(s.ledgerByKey[wanted.identityKey] ?? [])]
    .sort()
    .map((id) => s.ledger[id])
    .find((e) => e !== undefined && e.step === wanted.step && e.channel === wanted.channel && (e.campaignId ?? null) === (wanted.campaignId ?? null)) ?? null;

/** The reference `PolicyInputs`: every input of one card's policy in one `run` (one lock on the file store). */
export const memoryPolicyInputs = (m: MemoryMachine): PolicyInputs => ({
  readPolicyInputs(request: PolicyInputsRequest): ResultAsync<StoredPolicyInputs, StoreError> {
    return m.frozen((): StoredPolicyInputs => {
      const s = m.state;
      return {
        controls: s.controls ?? initialControls(new Date(0).toISOString()),
        sentToday: s.daySends[request.dayKey] ?? 0,
        // Frozen as handed out: a claim replaces the day's map, never edits it.
        sentTodayByChannel: s.dayChannelSends[request.dayKey] ?? {},
        dayRecords: request.dayRecords > 0 ? Object.values(s.dayRecords).sort((a, b) => (a.day < b.day ? -1 : 1)).slice(-request.dayRecords) : [],
        suppressions: findEach(s.suppressions, request.suppressionTargets),
        firstTouches: findEach(s.firstTouches, request.keys),
        previousStep: request.previousStep ? previousStep(s, request.previousStep) : null,
        cadenceStops: findEach(s.cadenceStops, request.keys),
      };
    });
  },
});
