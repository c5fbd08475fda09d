import { ingestWebhookEvents, WEBHOOK_PROVIDERS, type TraceId, type WebhookProvider } from '@caio/core';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppServices } from '../../composition/app-services.js';
import type { SpoolEntry } from '../../composition/webhook-spool.js';
import { errors, webhookAccepted, webhookProviderParams } from '../openapi/response-schemas.js';
import { sendError } from '../reply.js';

/** How much of a quarantined body is kept (the operator's evidence; bodies are at most 1 MiB). */
export const QUARANTINE_BODY_CHARS = 65_536;

const isProvider = (value: string): value is WebhookProvider => WEBHOOK_PROVIDERS.includes(value as WebhookProvider);

/** The outcome label of a delivery, from the status it was answered (caio_webhook_deliveries_total). */
const outcomeOf = (status: number): string =>
  status < 300 ? 'accepted' : status === 401 ? 'unauthenticated' : status === 503 ? 'unavailable' : status < 500 ? 'refused' : 'error';

const queryOf = (request: FastifyRequest): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries((request.query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));

/**
 * `POST /webhooks/<provider>`. The body is kept as raw bytes (this scope replaces every
 * JSON parser) so the signature is checked on exactly what the provider signed; only a
 * verified body is parsed. Events go through the durable inbox, and the provider gets
 * 2xx only once they are recorded, so a crash before that makes it retry. Only
 * authentication (401) and size (413) are refused: an authenticated delivery that cannot
 * become events, or whose events the domain refuses as invalid, is quarantined and
 * answered 200, because providers disable (Instantly), retry for a day (HeyReach) or
 * disconnect (RB2B) an endpoint that answers 4xx. RB2B never retries, so what the store
 * cannot take (it is down) is written to the local spool first, replayed when the store
 * is back. A quarantine that could not be written is never answered "quarantined".
 */
export const webhookRoutes = async (app: FastifyInstance, services: AppServices): Promise<void> => {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.addHook('onResponse', async (request, reply) => {
      const provider = (request.params as { provider?: string } | undefined)?.provider;
      if (provider !== undefined && isProvider(provider)) services.metrics.webhookDeliveries.inc({ provider, outcome: outcomeOf(reply.statusCode) });
    });

    scope.post<{ Params: { provider: string } }>(
      '/webhooks/:provider',
      {
        schema: {
          operationId: 'receiveWebhook',
          summary: 'A provider webhook delivery',
          tags: ['webhooks'],
          description:
            'The provider posts its event as it signs it (JSON, or form-encoded for some); the raw body is verified before anything is parsed: Instantly and Clay by a shared secret header or bearer token, HeyReach by its secret (or an allowlist, reported), RB2B by its URL secret, GHL by its RSA/Ed25519 signature (docs/webhooks.md). 2xx only once every event is durably recorded; a duplicate is a 200 with `duplicates`. An authenticated RB2B delivery is always 200 (an invalid body is quarantined).',
          security: [],
          params: webhookProviderParams,
          response: { 200: webhookAccepted, ...errors(400, 401, 404, 409, 413, 415, 503) },
        },
      },
      async (request, reply) => {
      const { provider } = request.params;
      if (!isProvider(provider)) return reply.code(404).send({ error: 'NotFound', message: `no webhook endpoint for ${provider}` });
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const now = services.deps.clock.now();
      const verdict = services.webhooks.receive(provider, { rawBody, headers: request.headers, query: queryOf(request), contentType: request.headers['content-type'] }, now);
      // Authentication failures feed the autonomy breaker (a spike falls back to supervised),
      // counted in the store so every instance's share adds up. A count that cannot be
      // written changes nothing about the answer: the delivery is refused either way.
      if (verdict.isErr() && verdict.error.status === 401) {
        const counted = await services.webhookAuthFailures.record(now);
        if (counted.isErr()) request.log.warn({ provider, error: counted.error._tag }, 'webhook authentication failure not counted: the store is unavailable');
      }
      if (verdict.isErr()) return reply.code(verdict.error.status).send({ error: verdict.error.error, message: verdict.error.message });

      const trace = { traceId: String(request.id) as TraceId, actor: `webhook:${provider}`, at: now.toISOString(), origin: 'webhook' as const };
      const spoolFor = (entry: SpoolEntry, ids: readonly string[]): boolean => {
        const failed = services.spool.write(entry);
        if (failed) request.log.error({ provider, eventIds: ids, spool: failed }, `${provider} delivery LOST: the store could not record it and the spool could not keep it`);
        else request.log.warn({ provider, eventIds: ids }, `${provider} delivery spooled: the store could not record it; it is replayed when the store is back`);
        return failed === null;
      };
      const quarantine = async (reason: string) => {
        const delivery = { id: randomUUID(), provider, receivedAt: now.toISOString(), reason, body: rawBody.toString('utf8').slice(0, QUARANTINE_BODY_CHARS) };
        const kept = await services.deps.store.quarantine(delivery);
        if (kept.isOk()) {
          request.log.warn({ provider, reason }, 'webhook delivery quarantined');
          return reply.code(200).send({ accepted: false, quarantined: true, reason });
        }
        request.log.error({ provider, error: kept.error._tag, quarantineId: delivery.id }, 'quarantine write failed');
        // Never "quarantined" when it is not. RB2B never retries: keep it in the spool; the others retry on a 503.
        if (provider !== 'rb2b') return sendError(reply, kept.error);
        const spooled = spoolFor({ kind: 'quarantine', provider, traceId: trace.traceId, receivedAt: delivery.receivedAt, delivery }, [delivery.id]);
        return reply.code(200).send({ accepted: false, quarantined: false, spooled, reason });
      };
      if (verdict.value._tag === 'Quarantine') return quarantine(verdict.value.reason);
      const ingested = await ingestWebhookEvents(services.deps, { events: verdict.value.events, trace });
      if (ingested.isErr()) {
        // The domain refuses an event's content (a lead it cannot create): a retry would be refused again.
        if (ingested.error._tag === 'ValidationError') return quarantine(`event refused: ${ingested.error.message}`);
        // EventInProgress: another instance is applying the same event; the provider's retry will be a duplicate.
        if (ingested.error._tag === 'EventInProgress') request.log.info({ provider, eventId: ingested.error.eventId }, 'webhook event being applied elsewhere');
        else request.log.error({ provider, error: ingested.error._tag }, 'webhook events not recorded');
        // RB2B never retries and disconnects on non-200: what the store could not take waits in the spool.
        if (provider === 'rb2b') {
          if (ingested.error._tag === 'EventInProgress') return reply.code(200).send({ accepted: true, spooled: false, retry: false });
          const events = verdict.value.events;
          const spooled = spoolFor({ kind: 'events', provider, traceId: trace.traceId, receivedAt: now.toISOString(), events }, events.map((e) => e.eventId));
          return reply.code(200).send({ accepted: spooled, spooled, retry: false });
        }
        return sendError(reply, ingested.error);
      }
      const applied = ingested.value.filter((e) => e.status === 'applied').length;
      return reply.code(200).send({ accepted: true, applied, duplicates: ingested.value.length - applied, events: ingested.value });
      },
    );
  });
};
