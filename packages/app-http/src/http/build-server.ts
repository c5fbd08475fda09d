import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { appVersion } from '../cli/version.js';
import { createServer } from 'node:http';
import type { Logger as Pino } from 'pino';
import type { AppServices } from '../composition/app-services.js';
import { dashboardGuard } from './dashboard-auth.js';
import { FailureLimiter } from './failure-limiter.js';
import { requirePermission } from './require-permission.js';
import { resolvePrincipal } from './resolve-principal.js';
import { batchRoutes } from './routes/batch-routes.js';
import { cardRoutes } from './routes/card-routes.js';
import { queueRoutes } from './routes/queue-routes.js';
import { leadRoutes } from './routes/lead-routes.js';
import { leadImportRoutes } from './routes/lead-import-routes.js';
import { historyRoutes } from './routes/history-routes.js';
import { pauseRoutes } from './routes/pause-routes.js';
import { remapRoutes } from './routes/remap-routes.js';
import { routingRoutes } from './routes/routing-routes.js';
import { reportExportRoutes } from './routes/report-export-routes.js';
import { consolePageRoutes } from './routes/console-page-routes.js';
import { controlRoutes } from './routes/control-routes.js';
import { autonomyRoutes } from './routes/autonomy-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { meRoutes } from './routes/me-routes.js';
import { opsRoutes } from './routes/ops-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { reviewRoutes } from './routes/review-routes.js';
import { suppressionRoutes } from './routes/suppression-routes.js';
import { salesRoutes } from './routes/sales-routes.js';
import { webhookRoutes } from './routes/webhook-routes.js';
import { traceIdFor } from './trace-id.js';
import { lazyRequestLogger } from './lazy-request-logger.js';
import { publicMetricsRoute } from '../metrics/metrics-endpoint.js';

export const CORS_METHODS = ['GET', 'POST', 'OPTIONS'] as const;
export const CORS_HEADERS = ['Content-Type', 'X-Dashboard-Token', 'Authorization'] as const;

const FASTIFY_STATUS: Readonly<Record<string, number>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 413,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 415,
  FST_ERR_CTP_INVALID_JSON_BODY: 400,
  FST_ERR_CTP_EMPTY_JSON_BODY: 400,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 400,
};

const pathOnly = (url: string): string => url.split('?')[0] ?? url;

/**
 * The Fastify app: hardened defaults (request and header timeouts, body limit, proto
 * poisoning refused, 503 while closing), explicit CORS, the dashboard guard on `/api`,
 * `Cache-Control: no-store` and `Referrer-Policy: no-referrer` on every response, and one
 * JSON log line per request with its trace id and no query string (tokens and webhook
 * secrets never reach the logs).
 *
 * @category adapters
 */
export const buildServer = async (services: AppServices, logger: Pino): Promise<FastifyInstance> => {
  const app = Fastify({
    // pino's Logger is a superset of Fastify's logger type; keep the instance's default typing.
    loggerInstance: logger as FastifyBaseLogger,
    // Fastify's own two lines per request log the URL with its query string; we log one line without it.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: traceIdFor,
    // The request's child logger (bound to its id) is made only when the request writes a line.
    childLoggerFactory: lazyRequestLogger,
    bodyLimit: 1_048_576,
    requestTimeout: services.config.http.requestTimeoutMs,
    connectionTimeout: services.config.http.requestTimeoutMs,
    keepAliveTimeout: 5_000,
    return503OnClosing: true,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // TRUST_PROXY: only the listed proxies may set X-Forwarded-For; by default nobody can.
    trustProxy: services.config.http.trustProxy.length ? [...services.config.http.trustProxy] : false,
    // Our own server: Node only checks header and request deadlines every
    // connectionsCheckingInterval (30 s by default), too slow against a slow-loris client.
    serverFactory: (handler) =>
      createServer(
        {
          headersTimeout: services.config.http.headersTimeoutMs,
          requestTimeout: services.config.http.requestTimeoutMs,
          connectionsCheckingInterval: Math.min(1_000, services.config.http.headersTimeoutMs),
        },
        handler,
      ),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(swagger, {
    openapi: {
      info: { title: 'CAIO outbound', description: 'Dashboard API and webhooks of the CAIO outbound app', version: appVersion(), license: { name: 'MIT', url: 'https://opensource.org/license/mit' } },
      servers: [{ url: '/', description: 'this app' }],
      tags: [
        { name: 'review', description: 'the review queue and decisions' },
        { name: 'batches', description: 'batch snapshots and execution' },
        { name: 'controls', description: 'the emergency stop and operating status' },
        { name: 'reports', description: 'queue trace, rejections, autonomy readiness, audit' },
        { name: 'webhooks', description: 'provider deliveries (authenticated by each provider\'s signature or secret, not the dashboard token)' },
        { name: 'probes', description: 'liveness and readiness' },
      ],
      components: { securitySchemes: { dashboardToken: { type: 'apiKey', in: 'header', name: 'X-Dashboard-Token' } } },
      security: [{ dashboardToken: [] }],
    },
    transform: jsonSchemaTransform,
  });

  const allowed = new Set(services.config.corsAllowedOrigins);
  await app.register(cors, {
    // Only listed origins get CORS headers; nothing else is reflected.
    origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: [...CORS_METHODS],
    allowedHeaders: [...CORS_HEADERS],
    credentials: false,
    maxAge: 600,
  });

  // Hooks that do not wait for anything take Fastify's callback form: an async hook costs
  // a promise and a microtask on every request (the webhook hot path included).
  app.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('cache-control', 'no-store');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-trace-id', String(request.id));
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    // The one line per request; its fields are not even built when the level drops it (LOG_LEVEL=warn under load).
    if ((request.log as Pino).isLevelEnabled('info')) request.log.info({ method: request.method, path: pathOnly(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.code(400).send({ error: 'ValidationError', message: 'the request does not match the schema', issues: error.validation.map((v) => ({ path: v.instancePath, message: v.message })) });
    }
    const known = error.code ? FASTIFY_STATUS[error.code] : undefined;
    if (known) return reply.code(known).send({ error: error.code, message: error.message });
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: error.code ?? 'BadRequest', message: error.message });
    }
    request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'unhandled error');
    return reply.code(500).send({ error: 'InternalError', message: 'an unexpected error occurred; see the server log with this trace id', trace_id: String(request.id) });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'NotFound', message: `no route ${request.method} ${pathOnly(request.url)}` }));

  healthRoutes(app, services);
  await app.register(async (api) => {
    api.addHook('onRequest', resolvePrincipal(services.users, services.config));
    api.addHook('onRequest', dashboardGuard(services.config.dashboard, new FailureLimiter(10, 60_000, () => services.deps.clock.now().getTime())));
    api.addHook('onRequest', requirePermission);
    cardRoutes(api, services);
    reviewRoutes(api, services);
    opsRoutes(api, services);
    queueRoutes(api, services);
    leadRoutes(api, services);
    leadImportRoutes(api, services);
    historyRoutes(api, services);
    pauseRoutes(api, services);
    remapRoutes(api, services);
    routingRoutes(api, services);
    reportExportRoutes(api, services);
    batchRoutes(api, services);
    controlRoutes(api, services);
    autonomyRoutes(api, services);
    reportRoutes(api, services);
    meRoutes(api);
    suppressionRoutes(api, services);
  });
  await webhookRoutes(app, services);
  await salesRoutes(app);
  await consolePageRoutes(app);
  publicMetricsRoute(app, services.config.metrics, services.metrics);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
};
