import type { ClaimRefused, CraftError, OutcomeRefused, QueueUnavailable, UseCaseError } from '@caio/core';

/** Errors the HTTP layer itself produces. */
export type HttpError =
  | { readonly _tag: 'Unauthorized'; readonly message: string }
  | { readonly _tag: 'TooManyAttempts'; readonly message: string; readonly retryAfterSeconds: number }
  | { readonly _tag: 'BadRequest'; readonly message: string };

/** Every expected error the API can answer with. */
export type ApiError = UseCaseError | ClaimRefused | OutcomeRefused | CraftError | QueueUnavailable | HttpError;

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
  NotFound: 404,
  IllegalTransition: 409,
  VersionConflict: 409,
  BatchBusy: 409,
  EventInProgress: 409,
  ClaimRefused: 409,
  OutcomeRefused: 409,
  EmptyBatch: 422,
  AutonomyNotReady: 409,
  CraftError: 422,
  TooManyAttempts: 429,
  StoreCorrupt: 500,
  StoreUnavailable: 503,
  QueueUnavailable: 503,
  StoreTimeout: 503,
  StoreBlocked: 503,
};

/** A JSON body for an error: its tag, a sentence, and the tag's own fields. */
export const errorBody = (error: ApiError): Record<string, unknown> => {
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
