import { BATCH_STATUSES, batchJobId, createBatch, executeBatch, notFound, parseBatchId, parseCardId, type Batch, type CardId, type JobProgress, type JobStatus } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { err, ok } from 'neverthrow';
import { z } from 'zod';
import { batchDetailResponse, batchListResponse, executeAcceptedResponse, executedResponse } from '../openapi/console-schemas.js';
import { API_ERRORS, errors, batchResponse } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';
import { reply, traceFor } from '../reply.js';
import { waitForJob } from './wait-for-job.js';

const batchParams = z.object({ id: z.string().min(1).max(128) });

/** Progress from the batch record itself, when the engine no longer knows its job. */
const recordedProgress = (batch: Batch): JobProgress => {
  const counts: Record<string, number> = {};
  for (const o of batch.outcomes) counts[o.result] = (counts[o.result] ?? 0) + 1;
  return { done: batch.outcomes.filter((o) => o.result !== 'skipped').length, total: batch.items.length, counts };
};

const jobView = (job: JobStatus | null) =>
  job && {
    id: job.id,
    state: job.state,
    attempts: job.attempts,
    progress: job.progress,
    enqueued_at: job.enqueuedAt,
    ...(job.finishedAt ? { finished_at: job.finishedAt } : {}),
    ...(job.summary ? { summary: job.summary } : {}),
    ...(job.failedReason ? { failed_reason: job.failedReason } : {}),
  };

/**
 * Batch snapshot, listing, inspection and execution. Execution is a job of the engine:
 * the route answers 202 with the job at once; `GET /api/batches/:id` shows its progress.
 * `dry_run` evaluates inline and changes nothing; `wait` (scripts, small batches) waits
 * for the job up to the request timeout.
 */
export const batchRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;

  api.post(
    '/api/batches',
    {
      config: { permission: 'runBatches' },
      schema: {
        operationId: 'createBatch',
        summary: 'Snapshot approved cards into a batch',
        tags: ['batches'],
        description: 'Snapshot approved cards into a batch (all approved cards when card_ids is absent)',
        response: { 201: batchResponse, ...errors(400, 403, 409, 422, ...API_ERRORS) },
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

  api.get(
    '/api/batches',
    {
      config: { permission: 'read' },
      schema: {
        operationId: 'listBatches',
        summary: 'Batches',
        tags: ['batches'],
        description: 'Batches in id order (oldest first), optionally of one status; `next` pages on',
        response: { 200: batchListResponse, ...errors(400, ...API_ERRORS) },
        querystring: z.object({ status: z.enum(BATCH_STATUSES).optional(), limit: z.coerce.number().int().min(1).max(500).default(100), after: z.string().max(128).optional() }).strict(),
      },
    },
    async (request, response) => {
      const { status, limit, after } = request.query;
      const page = await services.batches.listBatches({ limit, ...(status ? { status } : {}), ...(after ? { after } : {}) });
      return reply(response, page, (p) => ({
        batches: p.items.map((b) => ({ id: b.id, status: b.status, created_by: b.createdBy, created_at: b.createdAt, updated_at: b.updatedAt, items: b.items.length, progress: recordedProgress(b) })),
        ...(p.next ? { next: p.next } : {}),
      }));
    },
  );

  api.get(
    '/api/batches/:id',
    {
      config: { permission: 'read' },
      schema: {
        operationId: 'getBatch',
        summary: 'A batch',
        tags: ['batches'],
        description: 'A batch with its items, outcomes, and its execution job with progress',
        params: batchParams,
        response: { 200: batchDetailResponse, ...errors(400, 404, ...API_ERRORS) },
      },
    },
    async (request, response) => {
      const id = parseBatchId(request.params.id);
      if (id.isErr()) return reply(response, id);
      const found = await deps.store.getBatch(id.value);
      if (found.isErr()) return reply(response, found);
      if (found.value === null) return reply(response, err(notFound('batch', id.value)));
      const batch = found.value;
      const job = await services.jobs.status(batchJobId(batch.id));
      const current = job.isOk() ? job.value : null;
      return reply(response, ok(batch), () => ({ batch, job: jobView(current), progress: current?.progress ?? recordedProgress(batch) }));
    },
  );

  api.post(
    '/api/batches/:id/execute',
    {
      config: { permission: 'runBatches' },
      schema: {
        operationId: 'executeBatch',
        summary: 'Execute a batch',
        tags: ['batches'],
        description: 'Execute a batch snapshot as a job (202 with the job); {"dry_run": true} reports and changes nothing; {"wait": true} waits for the job',
        response: { 200: executedResponse, 202: executeAcceptedResponse, ...errors(400, 403, 404, 409, ...API_ERRORS) },
        params: batchParams,
        body: z.object({ dry_run: z.boolean().default(false), wait: z.boolean().default(false) }).strict().default({ dry_run: false, wait: false }),
      },
    },
    async (request, response) => {
      const id = parseBatchId(request.params.id);
      if (id.isErr()) return reply(response, id);
      if (request.body.dry_run) {
        const result = await executeBatch(deps, { batchId: id.value, dryRun: true, trace: traceFor(request) });
        return reply(response, result, (execution) => ({ batch: execution.batch, dry_run: true, already_executed: execution.alreadyExecuted, outcomes: execution.outcomes }));
      }
      const found = await deps.store.getBatch(id.value);
      if (found.isErr()) return reply(response, found);
      if (found.value === null) return reply(response, err(notFound('batch', id.value)));
      const batch = found.value;
      // A finished batch is never run again: nothing to queue.
      if (batch.status === 'executed' || batch.status === 'aborted') return reply(response, ok(batch), () => ({ batch, dry_run: false, already_executed: true, outcomes: batch.outcomes, job: null }));
      const queued = await services.jobs.enqueue({ kind: 'executeBatch', batchId: batch.id, actor: traceFor(request).actor });
      if (queued.isErr()) return reply(response, queued);
      if (!request.body.wait) return reply(response, queued, (job) => ({ batch_id: batch.id, job: jobView(job) }), 202);
      const finished = await waitForJob(services.jobs, queued.value.id, services.config.http.requestTimeoutMs - 1_000);
      const latest = await deps.store.getBatch(batch.id);
      if (latest.isErr()) return reply(response, latest);
      const after = latest.value ?? batch;
      return reply(response, ok(after), () => ({ batch: after, dry_run: false, already_executed: false, outcomes: after.outcomes, job: jobView(finished) }), finished && (finished.state === 'completed' || finished.state === 'failed') ? 200 : 202);
    },
  );
};
