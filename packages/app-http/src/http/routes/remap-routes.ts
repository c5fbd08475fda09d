import { parseCardId, remapCard } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { remapResponse } from '../openapi/history-schemas.js';
import { API_ERRORS, errors } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';
import { reply, traceFor } from '../reply.js';

/** A separated card re-mapped to a campaign the provider lists, back to pending. */
export const remapRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/api/cards/:id/remap',
    {
      config: { permission: 'administer' }, schema: {
        operationId: 'remapCard',
        summary: 'Re-map a separated card to a campaign',
        tags: ['cards'],
        response: { 200: remapResponse, ...errors(400, 403, 404, 409, ...API_ERRORS) },
        description: 'Give a separated card a campaign the provider lists and return it to pending (audited card.remapped)',
        params: z.object({ id: z.string().min(1).max(128) }),
        body: z.object({ campaign: z.string().min(1).max(128) }).strict(),
      },
    },
    async (request, response) => {
      const id = parseCardId(request.params.id);
      if (id.isErr()) return reply(response, id);
      return reply(response, await remapCard(services.deps, { cardId: id.value, campaignId: request.body.campaign, trace: traceFor(request) }), (card) => ({ card }));
    },
  );
};
