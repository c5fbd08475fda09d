import { approvalHolds, DEFAULT_QUALITY_CONFIG, editCard, parseCardId, withdrawApproval } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../../composition/app-services.js';
import { approvalsResponse, withdrawResponse } from '../openapi/console-schemas.js';
import { API_ERRORS, cardResponse, errors } from '../openapi/response-schemas.js';
import { reply, traceFor } from '../reply.js';

const cardIdParams = z.object({ id: z.string().min(1).max(128) });

/** Review actions beyond approve and reject: edit, withdraw, and what approved cards wait for. */
export const reviewRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;

  api.post(
    '/api/cards/:id/edit',
    {
      config: { permission: 'review' },
      schema: {
        operationId: 'editCard',
        summary: 'Edit a card',
        tags: ['review'],
        response: { 200: cardResponse, ...errors(400, 403, 404, 409, 422, ...API_ERRORS) },
        description: 'Edit a pending card\'s subject and body: a new version and content digest, the quality gate run again, the diff audited',
        params: cardIdParams,
        body: z.object({ subject: z.string().max(300).optional(), body: z.string().min(1).max(10_000), version: z.number().int().min(1) }).strict(),
      },
    },
    async (request, response) => {
      const id = parseCardId(request.params.id);
      if (id.isErr()) return reply(response, id);
      const { subject, body, version } = request.body;
      const result = await editCard(deps, DEFAULT_QUALITY_CONFIG, { cardId: id.value, body, expectedVersion: version, trace: traceFor(request), ...(subject !== undefined ? { subject } : {}) });
      return reply(response, result, (card) => ({ card }));
    },
  );

  api.post(
    '/api/cards/:id/withdraw',
    { config: { permission: 'review' }, schema: {
        operationId: 'withdrawApproval',
        summary: 'Withdraw an approval',
        tags: ['review'],
        description: 'Withdraw an approval no send claim has taken yet: the card returns to pending (inside the undo window, nothing is sent)',
        params: cardIdParams,
        response: { 200: withdrawResponse, ...errors(400, 403, 404, 409, ...API_ERRORS) },
      },
     },
    async (request, response) => {
      const id = parseCardId(request.params.id);
      if (id.isErr()) return reply(response, id);
      return reply(response, await withdrawApproval(deps, { cardId: id.value, trace: traceFor(request) }), (card) => ({ card, message: 'Approval withdrawn; the card is pending again' }));
    },
  );

  api.get('/api/approvals', { config: { permission: 'read' }, schema: { operationId: 'listApprovals', summary: 'Approved cards waiting', tags: ['review'], description: 'Approved cards not sent yet: the policy\'s verdict now, why they wait and when they may go', response: { 200: approvalsResponse, ...errors(...API_ERRORS) } } }, async (_request, response) =>
    reply(response, await approvalHolds(deps), (holds) => ({
      items: holds.map((h) => ({ card: h.card, denials: h.denials, may_go_at: h.mayGoAt, when: h.when })),
    })),
  );
};
