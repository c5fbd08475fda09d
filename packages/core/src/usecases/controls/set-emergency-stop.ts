import { errAsync, type ResultAsync } from 'neverthrow';
import type { ControlsStore } from '../../ports/controls-store.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { Controls } from '../../controls/controls.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import { validationError, type ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import { updateControls } from './update-controls.js';
import type { UseCaseDeps } from '../support/core-deps.js';

export interface SetEmergencyStopCommand {
  readonly engaged: boolean;
  readonly reason: string;
  readonly trace: TraceEnvelope;
}

/**
 * Engages or releases the emergency stop. The stop takes effect for every dispatcher
 * sharing the store before its next provider call (the claim and the pre-call read
 * both check it). A reason is required either way, for the audit trail.
 *
 * @category model
 */
export const setEmergencyStop = (
  deps: UseCaseDeps<ControlsStore & AuditLog, 'ids'>,
  command: SetEmergencyStopCommand,
): ResultAsync<Controls, StoreError | VersionConflict | ValidationError> => {
  const reason = command.reason.trim();
  if (reason.length < 3) return errAsync(validationError('reason', 'say why the stop is engaged or released (at least 3 characters)'));
  const { trace } = command;
  const stop = { engaged: command.engaged, by: trace.actor, reason, at: trace.at };
  return updateControls(deps.store, (current) => ({ ...current, emergencyStop: stop }), trace.at).andThen((controls) =>
    audit(deps, trace, command.engaged ? 'controls.stop_engaged' : 'controls.stop_released', {}, { reason }).map(() => controls),
  );
};
