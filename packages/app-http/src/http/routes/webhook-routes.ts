import { ingestWebhookEvents, WEBHOOK_PROVIDERS, type TraceId, type WebhookProvider } from '@caio/core';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppServices } from '../../composition/app-services.js';
import { errorBody, STATUS_BY_TAG } from '../error-status.js';
import { errors, webhookAccepted, webhookProviderParams } from '../openapi/response-schemas.js';

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
 * 2xx only once they are recorded, so a crash before that makes it retry. RB2B
 * disconnects on anything but a fast 200, so an authenticated RB2B delivery is always
 * answered 200: an invalid body is quarantined for the operator instead.
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
      if (verdict.isErr()) return reply.code(verdict.error.status).send({ error: verdict.error.error, message: verdict.error.message });

      const trace = { traceId: String(request.id) as TraceId, actor: `webhook:${provider}`, at: now.toISOString(), origin: 'webhook' as const };
      if (verdict.value._tag === 'Quarantine') {
        const kept = await services.deps.store.quarantine({ id: randomUUID(), provider, receivedAt: now.toISOString(), reason: verdict.value.reason, body: rawBody.toString('utf8').slice(0, 65_536) });
        if (kept.isErr()) request.log.error({ provider, error: kept.error._tag }, 'quarantine write failed');
        return reply.code(200).send({ accepted: false, quarantined: true, reason: verdict.value.reason });
      }

      const ingested = await ingestWebhookEvents(services.deps, { events: verdict.value.events, trace });
      if (ingested.isErr()) {
        // EventInProgress: another instance is applying the same event; the provider's retry will be a duplicate.
        if (ingested.error._tag === 'EventInProgress') request.log.info({ provider, eventId: ingested.error.eventId }, 'webhook event being applied elsewhere');
        else request.log.error({ provider, error: ingested.error._tag }, 'webhook events not recorded');
        // RB2B never retries and disconnects on non-200: keep the integration alive.
        if (provider === 'rb2b') return reply.code(200).send({ accepted: false, retry: false });
        return reply.code(STATUS_BY_TAG[ingested.error._tag]).send(errorBody(ingested.error));
      }
      const applied = ingested.value.filter((e) => e.status === 'applied').length;
      return reply.code(200).send({ accepted: true, applied, duplicates: ingested.value.length - applied, events: ingested.value });
      },
    );
  });
};
