import type { ResultAsync } from 'neverthrow';
import type { PolicyInputs, PolicyInputsRequest, StoredPolicyInputs } from '../ports/policy-inputs.js';
import type { StoreError } from '../ports/store-error.js';
import type { DualRouter } from './dual-router.js';

/** The record keys one policy read concerns, named as the single reads name them. */
const keysOf = (request: PolicyInputsRequest): string[] => [
  'controls',
  `day:${request.dayKey}`,
  `day-records:${request.dayRecords}`,
  ...request.suppressionTargets.map((t) => `suppression:${t}`),
  ...request.keys.flatMap((k) => [`touch:${k}`, `stop:${k}`]),
  ...(request.previousStep ? [`ledger-key:${request.previousStep.identityKey}`] : []),
];

/** `PolicyInputs` over two stores: read from the primary, compared with the secondary (see `DualRouter`). */
export const dualPolicyInputs = (d: DualRouter): PolicyInputs => ({
  readPolicyInputs(request: PolicyInputsRequest): ResultAsync<StoredPolicyInputs, StoreError> {
    return d.read('readPolicyInputs', keysOf(request), (s) => s.readPolicyInputs(request));
  },
});
