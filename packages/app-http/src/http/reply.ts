import type { TraceEnvelope, TraceId } from '@caio/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Result } from 'neverthrow';
import { errorBody, isStoreFailure, STATUS_BY_TAG, type ApiError } from './error-status.js';

const ACTOR = /^[A-Za-z0-9 _.@:-]{1,64}$/;

/**
 * The trace envelope of a dashboard command: the request's trace id, and as actor the
 * optional `X-Reviewer` name (the token proves access, not identity).
 *
 * @category adapters
 */
export const traceFor = (request: FastifyRequest, origin: TraceEnvelope['origin'] = 'api', fallbackActor = 'dashboard'): TraceEnvelope => {
  const reviewer = request.headers['x-reviewer'];
  const actor = typeof reviewer === 'string' && ACTOR.test(reviewer) ? reviewer : fallbackActor;
  return { traceId: String(request.id) as TraceId, actor, at: new Date().toISOString(), origin };
};

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
