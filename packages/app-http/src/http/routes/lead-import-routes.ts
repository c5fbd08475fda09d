import { validationError, type TraceId } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ok } from 'neverthrow';
import { z } from 'zod';
import { leadImportResponse } from '../openapi/lead-schemas.js';
import { API_ERRORS, errors } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';
import { csvRows, importLeads, parseColumnMap } from '../../leads/lead-import.js';
import { reply, sendError, traceFor } from '../reply.js';

/** The largest CSV body the import takes (bigger: 413). */
export const IMPORT_BODY_LIMIT = 2 * 1024 * 1024;

/** `POST /api/leads/import`: a CSV file (the page's upload), mapped, previewed or imported. */
export const leadImportRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;
  api.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

  api.post(
    '/api/leads/import',
    {
      config: { permission: 'importLeads' }, bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        operationId: 'importLeads',
        summary: 'Import leads from CSV',
        tags: ['leads'],
        response: { 200: leadImportResponse, ...errors(400, 403, 413, 415, ...API_ERRORS) },
        description: `Import leads from a CSV body (Content-Type: text/csv, at most ${IMPORT_BODY_LIMIT / 1024 / 1024} MiB and 10,000 rows): source_label, map ("Header=field,..."), dry_run=true to preview and write nothing`,
        querystring: z.object({ source_label: z.string().trim().min(1).max(128).default('import'), map: z.string().max(4000).optional(), dry_run: z.enum(['true', 'false']).default('false') }),
        body: z.string().min(1).max(IMPORT_BODY_LIMIT),
      },
    },
    async (request, response) => {
      const map = parseColumnMap(request.query.map);
      if (map.isErr()) return sendError(response, validationError('map', map.error));
      const rows = csvRows(request.body, map.value);
      if (rows.isErr()) return sendError(response, validationError('csv', `the CSV cannot be read: ${rows.error}`));
      const trace = { ...traceFor(request), traceId: `trace_import_${String(request.id)}` as TraceId };
      return reply(response, ok(await importLeads(deps, rows.value, { label: request.query.source_label, dryRun: request.query.dry_run === 'true', trace })));
    },
  );
};
