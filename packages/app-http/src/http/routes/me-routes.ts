import { PERMISSIONS, roleAtLeast, type Permission } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { meResponse } from '../openapi/console-schemas.js';
import { API_ERRORS, errors } from '../openapi/response-schemas.js';

/** Who the token belongs to, and what they may do (the page shows only what they may). */
export const meRoutes = (app: FastifyInstance): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/me', { config: { permission: 'read' }, schema: { operationId: 'getMe', summary: 'The signed-in user', tags: ['users'], description: 'The signed-in user: name, role and the actions the role allows', response: { 200: meResponse, ...errors(...API_ERRORS) } } }, async (request) => {
    const principal = request.principal!;
    const allowed = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleAtLeast(principal.role, PERMISSIONS[p]));
    return { name: principal.name, role: principal.role, actor: principal.actor, source: principal.source, permissions: allowed };
  });
};
