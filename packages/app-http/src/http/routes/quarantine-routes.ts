import { ingestWebhookEvents } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../../composition/app-services.js';
import { errorBody, STATUS_BY_TAG } from '../error-status.js';
import { traceFor } from '../reply.js';
import { QUARANTINE_BODY_CHARS } from './webhook-routes.js';

/** How far back a re-apply looks for the delivery (the most recent deliveries of the list). */
const REAPPLY_SCAN = 10_000;

/**
 * The webhook quarantine for operators: authenticated deliveries that could not become
 * events, and their re-application once the parser (or a mapping) is fixed. A re-applied
 * delivery goes through the same inbox as a live one, so what it already applied is a
 * duplicate; it stays listed, and the re-application is audited.
 */
export const quarantineRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps, webhooks } = services;

  api.get(
    '/api/webhooks/quarantine',
    {
      schema: {
        description: 'Authenticated webhook deliveries that could not become events (most recent last): provider, time, reason and the first 64 KiB of the body',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      },
    },
    async (request, response) => {
      const listed = await deps.store.listQuarantine(request.query.limit);
      return listed.isOk() ? response.send({ deliveries: listed.value }) : response.code(STATUS_BY_TAG[listed.error._tag]).send(errorBody(listed.error));
    },
  );

  api.post(
    '/api/webhooks/quarantine/:id/reapply',
    { schema: { description: 'Parses a quarantined delivery again with the current parser and applies its events through the inbox', params: z.object({ id: z.string().min(1).max(128) }) } },
    async (request, response) => {
      const listed = await deps.store.listQuarantine(REAPPLY_SCAN);
      if (listed.isErr()) return response.code(STATUS_BY_TAG[listed.error._tag]).send(errorBody(listed.error));
      const delivery = listed.value.find((d) => d.id === request.params.id);
      if (!delivery) return response.code(404).send({ error: 'NotFound', message: `no quarantined delivery ${request.params.id}` });
      if (delivery.body.length >= QUARANTINE_BODY_CHARS) return response.code(409).send({ error: 'BodyTruncated', message: 'only the first 64 KiB of this delivery were kept; ask the provider to send it again' });
      const trace = traceFor(request);
      const events = webhooks.reparse(delivery.provider, Buffer.from(delivery.body, 'utf8'), new Date(trace.at));
      if (events.isErr()) return response.code(422).send({ error: 'StillUnusable', message: events.error });
      const ingested = await ingestWebhookEvents(deps, { events: events.value, trace });
      if (ingested.isErr()) return response.code(STATUS_BY_TAG[ingested.error._tag]).send(errorBody(ingested.error));
      const applied = ingested.value.filter((e) => e.status === 'applied').length;
      await deps.store.appendAudit({ id: deps.ids.next('audit'), trace, action: 'webhook.quarantine_reapplied', detail: { quarantineId: delivery.id, provider: delivery.provider, applied, duplicates: ingested.value.length - applied } });
      return response.send({ applied, duplicates: ingested.value.length - applied, events: ingested.value });
    },
  );
};
