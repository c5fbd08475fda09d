import { requiredRole, roleAtLeast, type Permission } from '@caio/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, STATUS_BY_TAG, type HttpError } from './error-status.js';
import './principal.js';

/**
 * Why the request's principal may not do `permission`, or null when it may. A request
 * with no principal (the guard let it through: no route should) is refused too.
 */
export const refusal = (request: FastifyRequest, permission: Permission): HttpError | null => {
  const principal = request.principal;
  const needed = requiredRole(permission);
  if (!principal) return { _tag: 'Unauthorized', message: 'send your dashboard token in the X-Dashboard-Token header' };
  if (roleAtLeast(principal.role, needed)) return null;
  return { _tag: 'Forbidden', message: `${principal.name} is a ${principal.role}; this needs the ${needed} role (${permission})`, required: needed, role: principal.role };
};

/**
 * The role check of every dashboard route, after the guard: the route's declared
 * `config.permission` (undeclared: `administer`, the strictest) against the principal's
 * role, answered 403 with the role it needs.
 *
 * @category adapters
 */
export const requirePermission = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
  const denied = refusal(request, request.routeOptions.config.permission ?? 'administer');
  if (denied) await reply.code(STATUS_BY_TAG[denied._tag]).send(errorBody(denied));
};
