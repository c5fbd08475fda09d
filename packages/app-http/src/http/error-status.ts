import type { AlreadyDecided, ClaimRefused, CraftError, OutcomeRefused, QueueUnavailable, StillInvalid, UseCaseError } from '@caio/core';

/** Errors the HTTP layer itself produces. */
export type HttpError =
  | { readonly _tag: 'Unauthorized'; readonly message: string }
  | { readonly _tag: 'Forbidden'; readonly message: string; readonly required: string; readonly role: string }
  | { readonly _tag: 'TooManyAttempts'; readonly message: string; readonly retryAfterSeconds: number }
  | { readonly _tag: 'BadRequest'; readonly message: string };

/** Every expected error the API can answer with. */
export type ApiError = UseCaseError | ClaimRefused | OutcomeRefused | CraftError | QueueUnavailable | HttpError | AlreadyDecided | StillInvalid;

/**
 * The one table from error tag to HTTP status. It is a `Record` over every tag, so a new
 * error in core without a status here is a compile error, not a 500 in production.
 *
 * @category adapters
 */
export const STATUS_BY_TAG: Readonly<Record<ApiError['_tag'], number>> = {
  ValidationError: 400,
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  IllegalTransition: 409,
  VersionConflict: 409,
  BatchBusy: 409,
  EventInProgress: 409,
  ClaimRefused: 409,
  OutcomeRefused: 409,
  AlreadyDecided: 409,
  EmptyBatch: 422,
  AutonomyNotReady: 409,
  CraftError: 422,
  StillInvalid: 422,
  TooManyAttempts: 429,
  StoreCorrupt: 500,
  StoreUnavailable: 503,
  QueueUnavailable: 503,
  StoreTimeout: 503,
  StoreBlocked: 503,
};

/**
 * What a client is told about a store failure. The store's own text (a driver's message,
 * a key name, an address) is for the server log, never for a response body.
 */
const STORE_FAILURE_TEXT: Readonly<Partial<Record<ApiError['_tag'], string>>> = {
  StoreUnavailable: 'the state store is unavailable; retry shortly (the server log has the detail under this response\'s trace id)',
  StoreTimeout: 'the state store did not answer in time: the change may or may not have been applied; check before retrying',
  StoreCorrupt: 'the state store holds a damaged record; an operator must repair it (the server log says where)',
};

/** True for errors whose detail goes to the log only. */
export const isStoreFailure = (error: ApiError): boolean => STORE_FAILURE_TEXT[error._tag] !== undefined;

/** A JSON body for an error: its tag, a sentence, and the tag's own fields (store failures: our sentence only). */
export const errorBody = (error: ApiError): Record<string, unknown> => {
  const own = STORE_FAILURE_TEXT[error._tag];
  if (own) return { error: error._tag, message: own };
  const { _tag, ...fields } = error as ApiError & Record<string, unknown>;
  const message =
    'message' in error && typeof error.message === 'string'
      ? error.message
      : 'reason' in error && typeof error.reason === 'string'
        ? error.reason
        : _tag === 'IllegalTransition'
          ? `a ${String(fields.from)} card cannot become ${String(fields.to)}`
          : _tag === 'NotFound'
            ? `${String(fields.entity)} ${String(fields.id)} does not exist`
            : _tag === 'VersionConflict'
              ? `the ${String(fields.entity)} changed meanwhile; reload and retry`
              : _tag;
  return { error: _tag, message, ...fields };
};
