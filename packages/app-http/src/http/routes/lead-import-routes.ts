import type { TraceId } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../../composition/app-services.js';
import { csvRows, importLeads, parseColumnMap } from '../../leads/lead-import.js';
import { traceFor } from '../reply.js';

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
        description: `Import leads from a CSV body (Content-Type: text/csv, at most ${IMPORT_BODY_LIMIT / 1024 / 1024} MiB and 10,000 rows): source_label, map ("Header=field,..."), dry_run=true to preview and write nothing`,
        querystring: z.object({ source_label: z.string().trim().min(1).max(128).default('import'), map: z.string().max(4000).optional(), dry_run: z.enum(['true', 'false']).default('false') }),
        body: z.string().min(1).max(IMPORT_BODY_LIMIT),
      },
    },
    async (request, response) => {
      const map = parseColumnMap(request.query.map);
      if (map.isErr()) return response.code(400).send({ error: 'ValidationError', message: `map: ${map.error}` });
      const rows = csvRows(request.body, map.value);
      if (rows.isErr()) return response.code(400).send({ error: 'ValidationError', message: `the CSV cannot be read: ${rows.error}` });
      const trace = { ...traceFor(request), traceId: `trace_import_${String(request.id)}` as TraceId };
      return importLeads(deps, rows.value, { label: request.query.source_label, dryRun: request.query.dry_run === 'true', trace });
    },
  );
};
