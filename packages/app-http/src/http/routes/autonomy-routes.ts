import { autonomyReadiness, disableAutonomy, enableAutonomy } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../../composition/app-services.js';
import { readinessEnvironment } from '../../composition/readiness-environment.js';
import { autonomySwitchResponse } from '../openapi/console-schemas.js';
import { API_ERRORS, errors } from '../openapi/response-schemas.js';
import { reply, traceFor } from '../reply.js';

/**
 * The mode switch. Enabling computes the go/no-go at that moment and is refused (409
 * AutonomyNotReady, with every criterion) unless it is GO; disabling is always allowed.
 * Both are audited (`autonomy.enabled` keeps the go/no-go evidence) as the signed-in user;
 * only an admin may switch (`switchAutonomy`).
 */
export const autonomyRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps, config } = services;

  api.post(
    '/api/autonomy',
    {
      config: { permission: 'switchAutonomy' },
      schema: {
        operationId: 'switchAutonomy',
        summary: 'Switch autonomy on or off',
        tags: ['controls'],
        response: { 200: autonomySwitchResponse, ...errors(400, 403, 409, ...API_ERRORS) },
        description: 'Switch autonomy on (only on a GO computed now) or off (always); a reason is required',
        body: z.object({ enabled: z.boolean(), reason: z.string().max(500) }).strict(),
      },
    },
    async (request, response) => {
      const trace = traceFor(request);
      if (!request.body.enabled) return reply(response, await disableAutonomy(deps, { reason: request.body.reason, trace }), (c) => ({ mode: c.mode }));
      const readiness = await autonomyReadiness(deps, readinessEnvironment(config, services.webhooks, await services.replayPassRate()));
      if (readiness.isErr()) return reply(response, readiness);
      return reply(response, await enableAutonomy(deps, { readiness: readiness.value, reason: request.body.reason, trace }), (c) => ({ mode: c.mode, readiness: readiness.value }));
    },
  );
};
