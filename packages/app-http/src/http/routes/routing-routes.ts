import { CHANNELS, setRoutingRules, TIERS } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../../composition/app-services.js';
import { reply, traceFor } from '../reply.js';

const rule = z
  .object({ sourceLabel: z.string().trim().min(1).max(128), tier: z.enum([...TIERS, '*']), channel: z.enum(CHANNELS), campaignId: z.string().min(1).max(128).optional() })
  .strict();

/** Campaign routing rules (source label and tier -> channel and campaign), kept in the store. */
export const routingRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;

  api.get('/api/routing', { config: { permission: 'read' }, schema: { description: 'The routing rules and the campaigns each channel lists' } }, async (_request, response) =>
    reply(response, await deps.store.getControls(), (c) => ({
      rules: c.routing ?? [],
      campaigns: Object.fromEntries(Object.entries(deps.campaigns()).map(([channel, ids]) => [channel, [...(ids ?? [])].sort()])),
    })),
  );

  api.put(
    '/api/routing',
    {
      config: { permission: 'administer' }, schema: {
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
