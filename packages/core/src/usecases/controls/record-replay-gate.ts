import { errAsync, type ResultAsync } from 'neverthrow';
import type { Controls } from '../../controls/controls.js';
import type { ReplayGateResult } from '../../controls/replay-gate-result.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { ControlsStore } from '../../ports/controls-store.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import { validationError, type ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { updateControls } from './update-controls.js';

/**
 * Records a replay gate run in the controls record, replacing the previous one, so the
 * autonomy go/no-go and its `replay_gate` breaker read it on every instance sharing the
 * store. Recorded whether the gate passed or not (a failing rate must replace a passing
 * one). Audited as `replay.recorded`.
 *
 * @category use-cases
 */
export const recordReplayGate = (
  deps: UseCaseDeps<ControlsStore & AuditLog, 'ids'>,
  command: { readonly result: ReplayGateResult; readonly trace: TraceEnvelope },
): ResultAsync<Controls, StoreError | VersionConflict | ValidationError> => {
  const { result, trace } = command;
  if (!(result.passRate >= 0 && result.passRate <= 1)) return errAsync(validationError('passRate', 'must be from 0 to 1'));
  if (!Number.isInteger(result.cases) || result.cases < 1) return errAsync(validationError('cases', 'a replay of no cases proves nothing'));
  if (result.version.trim() === '') return errAsync(validationError('version', 'must name the code version the replay ran with'));
  return updateControls(deps.store, (current) => ({ ...current, replayGate: result }), trace.at).andThen((controls) =>
    audit(deps, trace, 'replay.recorded', {}, { passRate: result.passRate, cases: result.cases, version: result.version }).map(() => controls),
  );
};
