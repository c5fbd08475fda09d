import { addToDoNotContact, doNotContactRows, erasePerson, importDoNotContact, removeFromDoNotContact, validationError } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { err } from 'neverthrow';
import { z } from 'zod';
import { erasureResponse, suppressionAddedResponse, suppressionImportResponse, suppressionListResponse, suppressionRemovedResponse } from '../openapi/suppression-schemas.js';
import { API_ERRORS, errors } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';
import { parseCsv } from '../../cli/csv.js';
import { reply, traceFor } from '../reply.js';

const entryBody = z.object({ entry: z.string().min(1).max(300), reason: z.string().max(500) }).strict();

/** The do-not-contact list: list, add, remove (audited with the reason), import a CSV; and erasure. */
export const suppressionRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;

  api.get(
    '/api/suppressions',
    { config: { permission: 'read' }, schema: { operationId: 'listSuppressions', summary: 'Do-not-contact list', tags: ['suppressions'], response: { 200: suppressionListResponse, ...errors(400, ...API_ERRORS) }, description: 'The do-not-contact list by target: operator entries and webhook suppressions, each with its source', querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional(), after: z.string().max(400).optional() }).strict() } },
    async (request, response) =>
      reply(response, await deps.store.listSuppressions({ ...(request.query.limit ? { limit: request.query.limit } : {}), ...(request.query.after ? { after: request.query.after } : {}) }), (page) => ({ items: page.items, next: page.next ?? null })),
  );

  api.post(
    '/api/suppressions',
    { config: { permission: 'addSuppression' }, schema: { operationId: 'addSuppression', summary: 'Add to the do-not-contact list', tags: ['suppressions'], response: { 201: suppressionAddedResponse, ...errors(400, 403, ...API_ERRORS) }, description: 'Add an e-mail, LinkedIn profile URL or domain to the do-not-contact list (a reason is required)', body: entryBody } },
    async (request, response) =>
      reply(response, await addToDoNotContact(deps, { entry: request.body.entry, note: request.body.reason }, traceFor(request)), (r) => ({ added: r.added, suppression: r.suppression }), 201),
  );

  api.post(
    '/api/suppressions/remove',
    { config: { permission: 'removeSuppression' }, schema: { operationId: 'removeSuppression', summary: 'Remove from the do-not-contact list', tags: ['suppressions'], response: { 200: suppressionRemovedResponse, ...errors(400, 403, 404, ...API_ERRORS) }, description: 'Remove an entry from the do-not-contact list (audited with the reason); 404 when it is not listed', body: entryBody } },
    async (request, response) => reply(response, await removeFromDoNotContact(deps, { entry: request.body.entry, note: request.body.reason }, traceFor(request)), (removed) => ({ removed })),
  );

  api.post(
    '/api/suppressions/import',
    { config: { permission: 'addSuppression' }, schema: { operationId: 'importSuppressions', summary: 'Import do-not-contact entries', tags: ['suppressions'], response: { 200: suppressionImportResponse, ...errors(400, 403, 413, ...API_ERRORS) }, description: 'Add entries from CSV text (columns entry, reason); one bad row refuses all, naming the rows', body: z.object({ csv: z.string().max(5_000_000) }).strict() } },
    async (request, response) => {
      const cells = parseCsv(request.body.csv);
      const rows = cells.isErr() ? err(validationError('csv', cells.error)) : doNotContactRows(cells.value);
      if (rows.isErr()) return reply(response, rows);
      return reply(response, await importDoNotContact(deps, rows.value, traceFor(request)));
    },
  );

  api.post(
    '/api/leads/erase',
    {
      config: { permission: 'erasePerson' },
      schema: {
        operationId: 'erasePerson',
        summary: 'Erase a person',
        tags: ['leads'],
        response: { 200: erasureResponse, ...errors(400, 403, 404, ...API_ERRORS) },
        description: "Erase a person (GDPR Art. 17): personal data removed or replaced by keyed hashes everywhere, a hashed tombstone keeps them suppressed",
        body: z.object({ subject: z.string().min(1).max(400), reason: z.string().max(500) }).strict(),
      },
    },
    async (request, response) => reply(response, await erasePerson(deps, { subject: request.body.subject, reason: request.body.reason, trace: traceFor(request) })),
  );
};
