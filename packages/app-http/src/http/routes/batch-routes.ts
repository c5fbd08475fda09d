import { createBatch, executeBatch, notFound, parseBatchId, parseCardId, type CardId } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { err } from 'neverthrow';
import { z } from 'zod';
import { API_ERRORS, errors, batchResponse, executeResponse } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';
import { reply, traceFor } from '../reply.js';

const batchParams = z.object({ id: z.string().min(1).max(128) });

/** Batch snapshot, inspection and execution (`dry_run` changes nothing). */
export const batchRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;

  api.post(
    '/api/batches',
    {
      schema: {
        operationId: 'createBatch',
        summary: 'Snapshot approved cards into a batch',
        tags: ['batches'],
        description: 'Snapshot approved cards into a batch (all approved cards when card_ids is absent)',
        response: { 201: batchResponse, ...errors(400, 409, 422, ...API_ERRORS) },
        body: z.object({ card_ids: z.array(z.string().min(1).max(128)).max(1000).optional(), limit: z.number().int().min(1).max(1000).optional() }).strict().default({}),
      },
    },
    async (request, response) => {
      const ids = (request.body.card_ids ?? []).map(parseCardId);
      const bad = ids.find((r) => r.isErr());
      if (bad?.isErr()) return reply(response, bad);
      const result = await createBatch(deps, {
        trace: traceFor(request),
        ...(request.body.card_ids ? { cardIds: ids.map((r) => r._unsafeUnwrap() as CardId) } : {}),
        ...(request.body.limit ? { limit: request.body.limit } : {}),
      });
      return reply(response, result, (batch) => ({ batch }), 201);
    },
  );

  api.get('/api/batches/:id', { schema: { operationId: 'getBatch', summary: 'A batch', tags: ['batches'], description: 'A batch with its items and outcomes', params: batchParams, response: { 200: batchResponse, ...errors(400, 404, ...API_ERRORS) } } }, async (request, response) => {
    const id = parseBatchId(request.params.id);
    if (id.isErr()) return reply(response, id);
    const found = await deps.store.getBatch(id.value);
    if (found.isOk() && found.value === null) return reply(response, err(notFound('batch', id.value)));
    return reply(response, found, (batch) => ({ batch }));
  });

  api.post(
    '/api/batches/:id/execute',
    {
      schema: {
        operationId: 'executeBatch',
        summary: 'Execute a batch',
        tags: ['batches'],
        description: 'Execute a batch snapshot; {"dry_run": true} reports and changes nothing',
        response: { 200: executeResponse, ...errors(400, 404, 409, ...API_ERRORS) },
        params: batchParams,
        body: z.object({ dry_run: z.boolean().default(false) }).strict().default({ dry_run: false }),
      },
    },
    async (request, response) => {
      const id = parseBatchId(request.params.id);
      if (id.isErr()) return reply(response, id);
      const run = () => executeBatch(deps, { batchId: id.value, dryRun: request.body.dry_run, trace: traceFor(request) });
      const result = request.body.dry_run ? await run() : await services.inFlight.run(run);
      return reply(response, result, (execution) => ({
        batch: execution.batch,
        dry_run: execution.dryRun,
        already_executed: execution.alreadyExecuted,
        outcomes: execution.outcomes,
      }));
    },
  );
};
