import type { FastifyInstance } from 'fastify';
import { createServer, type Server } from 'node:http';
import type { AppConfig } from '../config/app-config.js';
import { matchesAnySecret } from '../http/constant-time.js';
import type { AppMetrics } from './app-metrics.js';

const bearer = (header: string | string[] | undefined): string | null => {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  return match?.[1] ?? null;
};

/** True when the request may read the metrics: no token configured, or its bearer token. */
const authorised = (token: string | undefined, header: string | string[] | undefined): boolean => {
  if (token === undefined) return true;
  const presented = bearer(header);
  return presented !== null && matchesAnySecret(presented, [token]);
};

/**
 * `GET /metrics` on the public listener, only when METRICS_TOKEN is set and no
 * METRICS_PORT is: a bearer token of its own (never a dashboard token), compared in
 * constant time. Without a token it is not registered (404), never open.
 */
export const publicMetricsRoute = (app: FastifyInstance, config: AppConfig['metrics'], metrics: AppMetrics): void => {
  if (config.port !== null || config.token === undefined) return;
  const token = config.token;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!authorised(token, request.headers.authorization)) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'Unauthorized', message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' });
    const { contentType, body } = await metrics.expose();
    return reply.type(contentType).send(body);
  });
};

/**
 * The metrics listener of METRICS_PORT: only `GET /metrics` (with METRICS_TOKEN as a
 * bearer token when set). Keep it off the public network (bind METRICS_HOST to a private
 * address), as Prometheus scrapes usually are.
 */
export const startMetricsServer = async (config: AppConfig['metrics'], metrics: AppMetrics): Promise<Server | null> => {
  if (config.port === null) return null;
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics is served here\n');
      return;
    }
    if (!authorised(config.token, request.headers.authorization)) {
      response.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('Authorization: Bearer <METRICS_TOKEN> required\n');
      return;
    }
    metrics.expose().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics could not be collected\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port!, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
};
