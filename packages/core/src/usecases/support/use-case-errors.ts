import type { IllegalTransition } from '../../card/lifecycle.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import type { ValidationError } from '../../shared/validation-error.js';
import type { AutonomyNotReady } from '../autonomy/set-autonomy-mode.js';

/** @category errors */
export interface NotFound {
  readonly _tag: 'NotFound';
  readonly entity: 'lead' | 'card' | 'batch' | 'delivery' | 'suppression' | 'reply';
  readonly id: string;
}

export const notFound = (entity: NotFound['entity'], id: string): NotFound => ({ _tag: 'NotFound', entity, id });

/**
 * Another executor holds the batch's lease: who (as they named themselves) and until
 * when, when the lock manager can tell. A crashed executor's lease runs out at
 * `expiresAt`; the batch can be executed again after that.
 *
 * @category errors
 */
export interface BatchBusy {
  readonly _tag: 'BatchBusy';
  readonly batchId: string;
  readonly message: string;
  readonly holder?: string;
  readonly expiresAt?: string;
}

/**
 * Another process holds the event's apply claim: it is applying the same webhook event
 * right now. The delivery should be retried later (it will then be a duplicate).
 *
 * @category errors
 */
export interface EventInProgress {
  readonly _tag: 'EventInProgress';
  readonly eventId: string;
  readonly message: string;
}

/** @category errors */
export interface EmptyBatch {
  readonly _tag: 'EmptyBatch';
  readonly message: string;
}

/**
 * Every expected failure a use case can return. app-http maps each tag to an HTTP
 * status with one exhaustive table, so adding a tag here is a compile error there.
 *
 * @category errors
 */
export type UseCaseError = StoreError | VersionConflict | ValidationError | IllegalTransition | NotFound | BatchBusy | EventInProgress | EmptyBatch | AutonomyNotReady;
