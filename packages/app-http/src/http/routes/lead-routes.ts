import { leadDetail, parseLeadId, searchLeads } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../../composition/app-services.js';
import { leadSearchSchema, toLeadSearch } from '../../leads/lead-search-schema.js';
import { reply } from '../reply.js';

/** The lead list and a lead's page. */
export const leadRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;

  api.get(
    '/api/leads',
    {
      config: { permission: 'read' }, schema: {
        description:
          'Leads in id order with status (latest card), replied and suppressed: q (name, company, e-mail, LinkedIn), source, label, tier, status, replied, suppressed; limit and cursor. A page reads at most 2,000 leads: a short page with `next` means continue',
        querystring: leadSearchSchema,
      },
    },
    async (request, response) => reply(response, await searchLeads(deps, toLeadSearch(request.query)), (page) => page),
  );

  api.get(
    '/api/leads/:id',
    { config: { permission: 'read' }, schema: { description: 'One lead: fields, identity keys, cards, sends and receipts, audit history and webhook events, suppressions, cadence stops', params: z.object({ id: z.string().min(1).max(128) }) } },
    async (request, response) => {
      const id = parseLeadId(request.params.id);
      if (id.isErr()) return reply(response, id);
      const detail = await leadDetail(deps, id.value);
      if (detail.isOk() && detail.value === null) return response.code(404).send({ error: 'NotFound', message: `no lead ${id.value}` });
      return reply(response, detail, (d) => d);
    },
  );
};
