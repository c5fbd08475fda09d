import { leadDetail, notFound, parseLeadId, searchLeads } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { leadDetailResponse, leadPageResponse } from '../openapi/lead-schemas.js';
import { API_ERRORS, errors } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';
import { leadSearchSchema, toLeadSearch } from '../../leads/lead-search-schema.js';
import { reply, sendError } from '../reply.js';

/** The lead list and a lead's page. */
export const leadRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;

  api.get(
    '/api/leads',
    {
      config: { permission: 'read' }, schema: {
        operationId: 'listLeads',
        summary: 'Leads',
        tags: ['leads'],
        response: { 200: leadPageResponse, ...errors(400, ...API_ERRORS) },
        description:
          'Leads in id order with status (latest card), replied and suppressed: q (name, company, e-mail, LinkedIn), source, label, tier, status, replied, suppressed; limit and cursor. A page reads at most 2,000 leads: a short page with `next` means continue',
        querystring: leadSearchSchema,
      },
    },
    async (request, response) => reply(response, await searchLeads(deps, toLeadSearch(request.query)), (page) => page),
  );

  api.get(
    '/api/leads/:id',
    { config: { permission: 'read' }, schema: { operationId: 'getLead', summary: 'A lead', tags: ['leads'], response: { 200: leadDetailResponse, ...errors(400, 404, ...API_ERRORS) }, description: 'One lead: fields, identity keys, cards, sends and receipts, audit history and webhook events, suppressions, cadence stops', params: z.object({ id: z.string().min(1).max(128) }) } },
    async (request, response) => {
      const id = parseLeadId(request.params.id);
      if (id.isErr()) return reply(response, id);
      const detail = await leadDetail(deps, id.value);
      if (detail.isOk() && detail.value === null) return sendError(response, notFound('lead', id.value));
      return reply(response, detail, (d) => d);
    },
  );
};
