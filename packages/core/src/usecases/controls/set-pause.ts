import { errAsync, type ResultAsync } from 'neverthrow';
import type { Controls } from '../../controls/controls.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { ControlsStore } from '../../ports/controls-store.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import { validationError, type ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import { updateControls, type ControlsChange } from './update-controls.js';
import type { UseCaseDeps } from '../support/core-deps.js';

export interface SetPauseCommand {
  /** What to pause or resume: a channel or a provider campaign. */
  readonly target: { readonly channel: string } | { readonly campaignId: string };
  readonly paused: boolean;
  readonly reason: string;
  readonly trace: TraceEnvelope;
}

const toggled = (list: readonly string[] | undefined, value: string, on: boolean): string[] => {
  const rest = (list ?? []).filter((v) => v !== value);
  return on ? [...rest, value] : rest;
};

const paused = (command: SetPauseCommand): ControlsChange => (current) =>
  'channel' in command.target
    ? { ...current, pausedChannels: toggled(current.pausedChannels, command.target.channel, command.paused) }
    : { ...current, pausedCampaigns: toggled(current.pausedCampaigns, command.target.campaignId, command.paused) };

/**
 * Pauses or resumes the sends of one channel or one provider campaign. Like the emergency
 * stop it lives in the controls, which the send claim reads atomically, so a paused
 * channel or campaign sends nothing from the next claim on, on every instance. Audited
 * (`controls.channel_paused`, `controls.channel_resumed`, `controls.campaign_paused`,
 * `controls.campaign_resumed`) with the reason.
 *
 * @category use-cases
 */
export const setPause = (deps: UseCaseDeps<ControlsStore & AuditLog, 'ids'>, command: SetPauseCommand): ResultAsync<Controls, StoreError | VersionConflict | ValidationError> => {
  const reason = command.reason.trim();
  if (reason.length < 3) return errAsync(validationError('reason', 'say why (at least 3 characters)'));
  const which = 'channel' in command.target ? 'channel' : 'campaign';
  const name = 'channel' in command.target ? command.target.channel : command.target.campaignId;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/.test(name)) return errAsync(validationError(which, 'is not a channel or campaign id'));
  return updateControls(deps.store, paused(command), command.trace.at).andThen((controls) =>
    audit(deps, command.trace, `controls.${which}_${command.paused ? 'paused' : 'resumed'}`, {}, { [which]: name, reason }).map(() => controls),
  );
};
