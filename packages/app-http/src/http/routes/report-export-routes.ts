import { deliveryReport } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deliveryReportCsv, deliveryReportResponse } from '../openapi/report-schemas.js';
import { API_ERRORS, errors } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';
import { reportCsv } from '../../reports/report-csv.js';
import { reportRangeSchema } from '../../reports/report-range.js';
import { reply } from '../reply.js';

/** The delivery report per day, channel and campaign, as JSON or CSV. */
export const reportExportRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;

  api.get(
    '/api/reports/delivery',
    {
      config: { permission: 'read' }, schema: {
        operationId: 'deliveryReport',
        summary: 'Delivery report',
        tags: ['reports'],
        response: {
          200: { description: 'the report as JSON, or as a CSV file with format=csv', content: { 'application/json': { schema: deliveryReportResponse }, 'text/csv': { schema: deliveryReportCsv } } },
          ...errors(400, ...API_ERRORS),
        },
        description: 'Per UTC day, channel and campaign: sent, delivered, opened, clicked, replied, bounced, unsubscribed, rejected (by tag), edited. from/to YYYY-MM-DD (default the last 30 days); format=csv for a CSV file',
        querystring: z.intersection(reportRangeSchema, z.object({ format: z.enum(['json', 'csv']).default('json') })),
      },
    },
    async (request, response) => {
      const { from, to, format } = request.query;
      const report = await deliveryReport(deps, { from, to });
      if (format === 'csv' && report.isOk()) {
        return response
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="caio-report-${from}-${to}.csv"`)
          .send(reportCsv(report.value, deps.taxonomy.tags));
      }
      return reply(response, report, (r) => r);
    },
  );
};
