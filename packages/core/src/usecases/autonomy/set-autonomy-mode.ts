import { errAsync, type ResultAsync } from 'neverthrow';
import type { BreakerTrip } from '../../autonomy/breakers.js';
import type { Controls, Mode } from '../../controls/controls.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import { validationError, type ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import { updateControls } from '../controls/update-controls.js';
import type { CoreDeps } from '../support/core-deps.js';
import type { AutonomyReadiness } from '../reports/autonomy-readiness.js';

/**
 * Enabling autonomy was refused: the go/no-go computed at that moment was NO-GO.
 *
 * @category errors
 */
export interface AutonomyNotReady {
  readonly _tag: 'AutonomyNotReady';
  readonly message: string;
  readonly readiness: AutonomyReadiness;
}

const writeMode = (deps: Pick<CoreDeps, 'store'>, mode: Mode, at: string): ResultAsync<Controls, StoreError | VersionConflict> =>
  updateControls(deps.store, (current) => ({ ...current, mode }), at);

/**
 * Supervised -> autonomous, only on a GO computed now (the caller computes it right
 * before, from the store). Refused or not, the audit keeps the whole go/no-go evidence.
 *
 * @category model
 */
export const enableAutonomy = (
  deps: Pick<CoreDeps, 'store' | 'ids'>,
  command: { readonly readiness: AutonomyReadiness; readonly reason: string; readonly trace: TraceEnvelope },
): ResultAsync<Controls, StoreError | VersionConflict | ValidationError | AutonomyNotReady> => {
  const { trace, readiness } = command;
  const reason = command.reason.trim();
  if (reason.length < 3) return errAsync(validationError('reason', 'say why autonomy is enabled (at least 3 characters)'));
  const evidence = { reason, go: readiness.go, criteria: readiness.criteria };
  if (!readiness.go) {
    const failing = readiness.criteria.filter((c) => !c.passed).map((c) => `${c.name} (${c.detail})`);
    return audit(deps, trace, 'autonomy.enable_refused', {}, evidence).andThen(() =>
      errAsync<Controls, AutonomyNotReady>({ _tag: 'AutonomyNotReady', message: `the autonomy go/no-go is NO-GO: ${failing.join('; ')}`, readiness }),
    );
  }
  return writeMode(deps, 'autonomous', trace.at).andThen((controls) => audit(deps, trace, 'autonomy.enabled', {}, evidence).map(() => controls));
};

/** Autonomous -> supervised by a person: always allowed, audited with the reason. @category model */
export const disableAutonomy = (
  deps: Pick<CoreDeps, 'store' | 'ids'>,
  command: { readonly reason: string; readonly trace: TraceEnvelope },
): ResultAsync<Controls, StoreError | VersionConflict | ValidationError> => {
  const reason = command.reason.trim();
  if (reason.length < 3) return errAsync(validationError('reason', 'say why autonomy is disabled (at least 3 characters)'));
  return writeMode(deps, 'supervised', command.trace.at).andThen((controls) => audit(deps, command.trace, 'autonomy.disabled', {}, { reason }).map(() => controls));
};

/** The automatic fallback: breakers tripped, back to supervised, audited with every trip. @category model */
export const fallBackToSupervised = (
  deps: Pick<CoreDeps, 'store' | 'ids'>,
  command: { readonly trips: readonly BreakerTrip[]; readonly trace: TraceEnvelope },
): ResultAsync<Controls, StoreError | VersionConflict> =>
  writeMode(deps, 'supervised', command.trace.at).andThen((controls) =>
    audit(deps, command.trace, 'autonomy.fallback', {}, { trips: command.trips.map((t) => ({ breaker: t.breaker, detail: t.detail })) }).map(() => controls),
  );
