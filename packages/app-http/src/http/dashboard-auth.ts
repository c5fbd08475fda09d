import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { matchesAnySecret } from './constant-time.js';
import { errorBody, STATUS_BY_TAG, type HttpError } from './error-status.js';
import { FailureLimiter } from './failure-limiter.js';
import './principal.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Where a presented token came from; the header always wins over the query. */
export const extractToken = (request: FastifyRequest): { token: string; from: 'header' | 'bearer' | 'query' } | null => {
  const header = request.headers['x-dashboard-token'];
  if (typeof header === 'string' && header.length > 0) return { token: header, from: 'header' };
  const bearer = BEARER.exec(request.headers.authorization ?? '');
  if (bearer?.[1]) return { token: bearer[1], from: 'bearer' };
  const query = (request.query as Record<string, unknown> | undefined)?.token;
  if (typeof query === 'string' && query.length > 0) return { token: query, from: 'query' };
  return null;
};

/**
 * The dashboard guard: `X-Dashboard-Token` or `Authorization: Bearer`, compared in
 * constant time against every configured token (rotation without downtime). `?token=`
 * is refused unless DASHBOARD_QUERY_TOKEN_ENABLED; repeated failures from one client
 * are answered 429 for the rest of the window.
 *
 * @category adapters
 */
export const dashboardGuard = (config: AppConfig['dashboard'], limiter = new FailureLimiter(10, 60_000)) => {
  const refuse = (reply: FastifyReply, error: HttpError) => {
    if (error._tag === 'TooManyAttempts') void reply.header('retry-after', String(error.retryAfterSeconds));
    return reply.code(STATUS_BY_TAG[error._tag]).send(errorBody(error));
  };
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // A named user's token, already found by resolvePrincipal (resolve-principal.ts).
    if (request.principal?.source === 'user') return;
    const client = request.ip;
    const locked = limiter.lockedFor(client);
    if (locked !== null) {
      await refuse(reply, { _tag: 'TooManyAttempts', message: 'too many failed attempts; wait and retry', retryAfterSeconds: locked });
      return;
    }
    const presented = extractToken(request);
    if (!presented) {
      if (!config.strict) return;
      limiter.fail(client);
      await refuse(reply, { _tag: 'Unauthorized', message: 'send the dashboard token in the X-Dashboard-Token header' });
      return;
    }
    if (presented.from === 'query' && !config.queryTokenEnabled) {
      limiter.fail(client);
      await refuse(reply, { _tag: 'Unauthorized', message: 'query-string tokens are disabled; send the X-Dashboard-Token header' });
      return;
    }
    if (!matchesAnySecret(presented.token, config.tokens)) {
      limiter.fail(client);
      await refuse(reply, { _tag: 'Unauthorized', message: 'the dashboard token is not valid' });
      return;
    }
    limiter.succeed(client);
  };
};
