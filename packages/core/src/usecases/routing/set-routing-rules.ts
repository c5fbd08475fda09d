import { errAsync, type ResultAsync } from 'neverthrow';
import type { Controls } from '../../controls/controls.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { ControlsStore } from '../../ports/controls-store.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import { validateRoutingRules, type RoutingRule } from '../../routing/routing-rule.js';
import type { ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import { updateControls } from '../controls/update-controls.js';
import type { UseCaseDeps } from '../support/core-deps.js';

/**
 * Replaces the routing rules (source label and tier -> channel and campaign), kept in the
 * controls record of the store. Every campaign must be one the provider lists (the live
 * listing or the sandbox mapping); a bad set changes nothing. Audited
 * (`routing.rules_set`, with the rules before and after).
 *
 * @category use-cases
 */
export const setRoutingRules = (
  deps: UseCaseDeps<ControlsStore & AuditLog, 'ids' | 'campaigns'>,
  command: { readonly rules: readonly RoutingRule[]; readonly trace: TraceEnvelope },
): ResultAsync<readonly RoutingRule[], StoreError | VersionConflict | ValidationError> =>
  validateRoutingRules(command.rules, deps.campaigns()).asyncAndThen((rules) =>
    deps.store.getControls().andThen((before) =>
      updateControls(deps.store, (current) => ({ ...current, routing: rules }), command.trace.at).andThen(() => audit(deps, command.trace, 'routing.rules_set', {}, { before: before.routing ?? [], after: rules }).map(() => rules)),
    ),
  );
