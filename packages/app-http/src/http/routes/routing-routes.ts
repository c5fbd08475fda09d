import { CHANNELS, setRoutingRules, TIERS } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routingResponse, routingRulesResponse } from '../openapi/history-schemas.js';
import { API_ERRORS, errors } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';
import { reply, traceFor } from '../reply.js';

const rule = z
  .object({ sourceLabel: z.string().trim().min(1).max(128), tier: z.enum([...TIERS, '*']), channel: z.enum(CHANNELS), campaignId: z.string().min(1).max(128).optional() })
  .strict();

/** Campaign routing rules (source label and tier -> channel and campaign), kept in the store. */
export const routingRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;

  api.get('/api/routing', { config: { permission: 'read' }, schema: { operationId: 'getRouting', summary: 'Routing rules', tags: ['routing'], description: 'The routing rules and the campaigns each channel lists', response: { 200: routingResponse, ...errors(...API_ERRORS) } } }, async (_request, response) =>
    reply(response, await deps.store.getControls(), (c) => ({
      rules: c.routing ?? [],
      campaigns: Object.fromEntries(Object.entries(deps.campaigns()).map(([channel, ids]) => [channel, [...(ids ?? [])].sort()])),
    })),
  );

  api.put(
    '/api/routing',
    {
      config: { permission: 'administer' }, schema: {
        operationId: 'setRouting',
        summary: 'Replace the routing rules',
        tags: ['routing'],
        response: { 200: routingRulesResponse, ...errors(400, 403, 409, ...API_ERRORS) },
        description: 'Replace the routing rules; every campaign must be one the provider lists (audited routing.rules_set)',
        body: z.object({ rules: z.array(rule).max(500) }).strict(),
      },
    },
    async (request, response) => {
      const rules = request.body.rules.map(({ campaignId, ...r }) => ({ ...r, ...(campaignId ? { campaignId } : {}) }));
      return reply(response, await setRoutingRules(deps, { rules, trace: traceFor(request) }), (saved) => ({ rules: saved }));
    },
  );
};
