import { cardTimeline, listReplies, markReplyHandled, notFound, parseCardId } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { repliesResponse, replyHandledResponse, timelineResponse } from '../openapi/history-schemas.js';
import { API_ERRORS, errors } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';
import { reply, sendError, traceFor } from '../reply.js';

/** A card's timeline, and the replies inbox. */
export const historyRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;

  api.get(
    '/api/cards/:id/timeline',
    { config: { permission: 'read' }, schema: { operationId: 'cardTimeline', summary: "A card's timeline", tags: ['cards'], response: { 200: timelineResponse, ...errors(400, 404, ...API_ERRORS) }, description: "A card's timeline, oldest first: crafted, edited, approved, claimed, sent, delivered, opened, clicked, replied, bounced...", params: z.object({ id: z.string().min(1).max(128) }) } },
    async (request, response) => {
      const id = parseCardId(request.params.id);
      if (id.isErr()) return reply(response, id);
      const timeline = await cardTimeline(deps, id.value);
      if (timeline.isOk() && timeline.value === null) return sendError(response, notFound('card', id.value));
      return reply(response, timeline, (t) => t);
    },
  );

  api.get(
    '/api/replies',
    {
      config: { permission: 'read' }, schema: {
        operationId: 'listReplies',
        summary: 'Replies inbox',
        tags: ['replies'],
        response: { 200: repliesResponse, ...errors(400, ...API_ERRORS) },
        description: 'The replies inbox, newest first, with snippet and lead: show open (default), handled or all',
        querystring: z.object({ show: z.enum(['open', 'handled', 'all']).default('open'), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      },
    },
    async (request, response) => reply(response, await listReplies(deps, request.query), (items) => ({ items })),
  );

  api.post(
    '/api/replies/:id/handled',
    {
      config: { permission: 'review' }, schema: {
        operationId: 'markReplyHandled',
        summary: 'Mark a reply handled',
        tags: ['replies'],
        response: { 200: replyHandledResponse, ...errors(400, 404, ...API_ERRORS) },
        description: 'Mark a reply handled (audited as reply.handled); marking it again changes nothing',
        params: z.object({ id: z.string().min(1).max(128) }),
        body: z.object({ note: z.string().max(2000).optional() }).strict().optional(),
      },
    },
    async (request, response) =>
      reply(response, await markReplyHandled(deps, { replyId: request.params.id, ...(request.body?.note ? { note: request.body.note } : {}), trace: traceFor(request) }), (r) => ({ handled: true, already: r.already })),
  );
};
