import { acceptWebhookEvents, WEBHOOK_PROVIDERS, type TraceId, type WebhookProvider } from '@caio/core';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { groupCommitAccepts } from '../../composition/accept-group-commit.js';
import type { AppServices } from '../../composition/app-services.js';
import type { SpoolEntry } from '../../composition/webhook-spool.js';
import { errors, webhookAccepted, webhookProviderParams } from '../openapi/response-schemas.js';
import { sendError } from '../reply.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: @fastify/cors skips the route (it reads `routeOptions.config.cors`; its types do not declare it). */
    cors?: false;
  }
}

/** How much of a quarantined body is kept (the operator's evidence; bodies are at most 1 MiB). */
export const QUARANTINE_BODY_CHARS = 65_536;

const isProvider = (value: string): value is WebhookProvider => WEBHOOK_PROVIDERS.includes(value as WebhookProvider);

/** The outcome label of a delivery, from the status it was answered (caio_webhook_deliveries_total). */
const outcomeOf = (status: number): string =>
  status < 300 ? 'accepted' : status === 401 ? 'unauthenticated' : status === 503 ? 'unavailable' : status < 500 ? 'refused' : 'error';

const NO_QUERY: Readonly<Record<string, string | undefined>> = Object.freeze({});

const queryOf = (request: FastifyRequest): Readonly<Record<string, string | undefined>> => {
  const query = request.query as Record<string, unknown> | undefined;
  // Most providers send none: no copy for them.
  if (!query || Object.keys(query).length === 0) return NO_QUERY;
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
};

/**
 * `POST /webhooks/<provider>`. The body is kept as raw bytes (this scope replaces every
 * JSON parser) so the signature is checked on exactly what the provider signed; only a
 * verified body is parsed. A delivery's events are recorded in the durable inbox in one
 * store write, and the provider gets 2xx only once they are; their effects are applied
 * after the answer by the webhook applier (kicked here), so a crash before the write
 * makes the provider retry and a crash after it leaves them pending for the applier. Only
 * authentication (401) and size (413) are refused: an authenticated delivery that cannot
 * become events, or whose events the domain refuses as invalid, is quarantined and
 * answered 200, because providers disable (Instantly), retry for a day (HeyReach) or
 * disconnect (RB2B) an endpoint that answers 4xx. RB2B never retries, so what the store
 * cannot take (it is down) is written to the local spool first, replayed when the store
 * is back. A quarantine that could not be written is never answered "quarantined".
 */
export const webhookRoutes = async (app: FastifyInstance, services: AppServices): Promise<void> => {
  // Resolved once here, not per request: the hot path only reads these.
  const { deps, webhooks, spool, metrics, webhookAuthFailures, webhookApplier } = services;
  const { store, clock } = deps;
  // Concurrent deliveries share one store write (group commit): one round trip for several.
  const acceptDeps = { ids: deps.ids, clock, store: { acceptInboxEvents: groupCommitAccepts((events) => store.acceptInboxEvents(events)) } };
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    // Callback form, not async: no promise per delivery.
    scope.addHook('onResponse', (request, reply, done) => {
      const provider = (request.params as { provider?: string } | undefined)?.provider;
      if (provider !== undefined && isProvider(provider)) metrics.webhookDeliveries.inc({ provider, outcome: outcomeOf(reply.statusCode) });
      done();
    });

    scope.post<{ Params: { provider: string } }>(
      '/webhooks/:provider',
      {
        schema: {
          operationId: 'receiveWebhook',
          summary: 'A provider webhook delivery',
          tags: ['webhooks'],
          description:
            'The provider posts its event as it signs it (JSON, or form-encoded for some); the raw body is verified before anything is parsed: Instantly and Clay by a shared secret header or bearer token, HeyReach by its secret (or an allowlist, reported), RB2B by its URL secret, GHL by its RSA/Ed25519 signature (docs/webhooks.md). 2xx only once every event is durably recorded (one store write); audit-only events are applied with it (`applied`), the others in the background (`pending`); a duplicate is a 200 with `duplicates`. An authenticated RB2B delivery is always 200 (an invalid body is quarantined).',
          security: [],
          params: webhookProviderParams,
          response: { 200: webhookAccepted, ...errors(400, 401, 404, 413, 415, 503) },
        },
        // The answers are built here from typed values, never from input: serialised without
        // checking them against the response schemas again (which document them in the OpenAPI).
        serializerCompiler: () => (data) => JSON.stringify(data),
        // Providers post server to server: no browser reads these answers, so no CORS work per delivery.
        config: { cors: false },
      },
      async (request, reply) => {
        const { provider } = request.params;
        if (!isProvider(provider)) return reply.code(404).send({ error: 'NotFound', message: `no webhook endpoint for ${provider}` });
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const now = clock.now();
        const verdict = webhooks.receive(provider, { rawBody, headers: request.headers, query: queryOf(request), contentType: request.headers['content-type'] }, now);
        // Authentication failures feed the autonomy breaker (a spike falls back to supervised),
        // counted in the store so every instance's share adds up. A count that cannot be
        // written changes nothing about the answer: the delivery is refused either way.
        if (verdict.isErr() && verdict.error.status === 401) {
          const counted = await webhookAuthFailures.record(now);
          if (counted.isErr()) request.log.warn({ provider, error: counted.error._tag }, 'webhook authentication failure not counted: the store is unavailable');
        }
        if (verdict.isErr()) return reply.code(verdict.error.status).send({ error: verdict.error.error, message: verdict.error.message });

        const trace = { traceId: String(request.id) as TraceId, actor: `webhook:${provider}`, at: now.toISOString(), origin: 'webhook' as const };
        const spoolFor = (entry: SpoolEntry, ids: readonly string[]): boolean => {
          const failed = spool.write(entry);
          if (failed) request.log.error({ provider, eventIds: ids, spool: failed }, `${provider} delivery LOST: the store could not record it and the spool could not keep it`);
          else request.log.warn({ provider, eventIds: ids }, `${provider} delivery spooled: the store could not record it; it is replayed when the store is back`);
          return failed === null;
        };
        const quarantine = async (reason: string) => {
          const delivery = { id: randomUUID(), provider, receivedAt: trace.at, reason, body: rawBody.toString('utf8').slice(0, QUARANTINE_BODY_CHARS) };
          const kept = await store.quarantine(delivery);
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
        const events = verdict.value.events;
        const accepted = await acceptWebhookEvents(acceptDeps, { events, trace });
        if (accepted.isErr()) {
          // The domain refuses an event's content (a lead it cannot create): a retry would be refused again.
          if (accepted.error._tag === 'ValidationError') return quarantine(`event refused: ${accepted.error.message}`);
          request.log.error({ provider, error: accepted.error._tag }, 'webhook events not recorded');
          // RB2B never retries and disconnects on non-200: what the store could not take waits in the spool.
          if (provider === 'rb2b') {
            const spooled = spoolFor({ kind: 'events', provider, traceId: trace.traceId, receivedAt: trace.at, events }, events.map((e) => e.eventId));
            return reply.code(200).send({ accepted: spooled, spooled, retry: false });
          }
          return sendError(reply, accepted.error);
        }
        let applied = 0;
        let pending = 0;
        for (const e of accepted.value) {
          if (e.status === 'applied') applied++;
          else if (e.status === 'accepted') pending++;
        }
        // Recorded: the effects are the applier's from here (this instance's, or any other's).
        if (pending > 0) webhookApplier.kick();
        return reply.code(200).send({ accepted: true, applied, pending, duplicates: accepted.value.length - applied - pending, events: accepted.value });
      },
    );
  });
};
