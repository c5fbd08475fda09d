import type { TraceEnvelope, TraceId } from '@caio/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Result } from 'neverthrow';
import { errorBody, isStoreFailure, STATUS_BY_TAG, type ApiError } from './error-status.js';
import './principal.js';

/**
 * The trace envelope of a dashboard command: the request's trace id, and as actor the
 * authenticated user (`user:<name>`). A self-declared `X-Reviewer` header is ignored:
 * the audit names who the token belongs to.
 *
 * @category adapters
 */
export const traceFor = (request: FastifyRequest, origin: TraceEnvelope['origin'] = 'api', fallbackActor = 'dashboard'): TraceEnvelope => ({
  traceId: String(request.id) as TraceId,
  actor: request.principal?.actor ?? fallbackActor,
  at: new Date().toISOString(),
  origin,
});

/** Sends an expected error through the status table; a store failure's own detail goes to the log, not the body. */
export const sendError = (response: FastifyReply, error: ApiError): FastifyReply => {
  if (isStoreFailure(error)) response.log.warn({ storeError: error }, 'store failure answered with its status');
  return response.code(STATUS_BY_TAG[error._tag]).send(errorBody(error));
};

/** Sends a use-case result: the value mapped to JSON, or the error through the status table. */
export const reply = async <T, E extends ApiError>(
  response: FastifyReply,
  result: Result<T, E>,
  toBody: (value: T) => unknown = (v) => v,
  status = 200,
): Promise<FastifyReply> => (result.isOk() ? response.code(status).send(toBody(result.value)) : sendError(response, result.error));
