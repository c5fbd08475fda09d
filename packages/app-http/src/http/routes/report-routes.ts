import { autonomyReadiness, parseCardId, parseLeadId, parseTraceId, rejectionSummary, traceQueue, type AuditQuery } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_ERRORS, errors, auditResponse, queueTraceResponse, readinessResponse, rejectionSummaryResponse } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';
import { readinessEnvironment } from '../../composition/readiness-environment.js';
import { STALE_SENDING_MS } from '../../composition/startup.js';
import { reply } from '../reply.js';

/** Queue trace, learning-loop report, autonomy go/no-go and the audit log. */
export const reportRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps, config } = services;

  api.get('/api/queue/trace', { config: { permission: 'read' }, schema: { operationId: 'traceQueue', summary: 'Queue trace', tags: ['reports'], description: 'The pending-queue trace of the operators\' pre-flight', response: { 200: queueTraceResponse, ...errors(...API_ERRORS) } } }, async (_request, response) =>
    reply(response, await traceQueue(deps, { approvalSlaMinutes: config.approvalSlaMinutes, inDoubtAfterMs: STALE_SENDING_MS })),
  );

  api.get(
    '/api/rejections/summary',
    { config: { permission: 'read' }, schema: { operationId: 'rejectionSummary', summary: 'Rejection summary', tags: ['reports'], description: 'Top rejection tags, rejection ratio per day and its trend', response: { 200: rejectionSummaryResponse, ...errors(400, ...API_ERRORS) }, querystring: z.object({ window_days: z.coerce.number().int().min(2).max(90).default(14) }) } },
    async (request, response) => reply(response, await rejectionSummary(deps, request.query.window_days)),
  );

  api.get('/api/autonomy/readiness', { config: { permission: 'read' }, schema: { operationId: 'autonomyReadiness', summary: 'Autonomy go/no-go', tags: ['reports'], description: 'The autonomy go/no-go with every criterion', response: { 200: readinessResponse, ...errors(...API_ERRORS) } } }, async (_request, response) => {
    const result = await autonomyReadiness(deps, readinessEnvironment(config, services.webhooks, await services.replayPassRate()));
    return reply(response, result);
  });

  api.get(
    '/api/audit',
    {
      config: { permission: 'read' },
      schema: {
        operationId: 'listAudit',
        summary: 'Audit entries',
        tags: ['reports'],
        description: 'Audit entries by trace id, card or lead (most recent last)',
        response: { 200: auditResponse, ...errors(400, ...API_ERRORS) },
        querystring: z.object({
          trace_id: z.string().max(128).optional(),
          card_id: z.string().max(128).optional(),
          lead_id: z.string().max(128).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
    },
    async (request, response) => {
      const q = request.query;
      const traceId = q.trace_id === undefined ? undefined : parseTraceId(q.trace_id);
      const cardId = q.card_id === undefined ? undefined : parseCardId(q.card_id);
      const leadId = q.lead_id === undefined ? undefined : parseLeadId(q.lead_id);
      if (traceId?.isErr()) return reply(response, traceId);
      if (cardId?.isErr()) return reply(response, cardId);
      if (leadId?.isErr()) return reply(response, leadId);
      const query: AuditQuery = {
        limit: q.limit,
        ...(traceId?.isOk() ? { traceId: traceId.value } : {}),
        ...(cardId?.isOk() ? { cardId: cardId.value } : {}),
        ...(leadId?.isOk() ? { leadId: leadId.value } : {}),
      };
      return reply(response, await deps.store.listAudit(query), (entries) => ({ entries }));
    },
  );
};
