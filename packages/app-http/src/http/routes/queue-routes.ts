import { queueQueryFor } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ResultAsync } from 'neverthrow';
import { API_ERRORS, errors, queueResponse } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';
import { queueFiltersSchema, toQueueFilters } from '../../queue/queue-filters-schema.js';
import { reply } from '../reply.js';

/** The review queue: filtered, ordered, one cursor page at a time (see the `ReviewQueue` port). */
export const queueRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;

  api.get(
    '/api/queue',
    {
      config: { permission: 'read' }, schema: {
        operationId: 'listQueue',
        summary: 'Review queue',
        tags: ['queue'],
        response: { 200: queueResponse, ...errors(400, ...API_ERRORS) },
        description:
          'Pending cards for review with lead context and quality-gate result: filters tier, channel, campaign, source (label), max_age_hours, min_age_hours, preset=fresh_tier_1; order oldest (default) or newest; limit and cursor (the `next` of the previous page)',
        querystring: queueFiltersSchema,
      },
    },
    async (request, response) => {
      const query = queueQueryFor(toQueueFilters(request.query), deps.clock.now());
      const result = await deps.store
        .listQueue(query)
        .andThen((page) => ResultAsync.combine(page.items.map((card) => deps.store.getLead(card.leadId).map((lead) => ({ card, lead })))).map((items) => ({ items, next: page.next })));
      return reply(response, result, ({ items, next }) => ({ items, ...(next ? { next } : {}) }));
    },
  );
};
