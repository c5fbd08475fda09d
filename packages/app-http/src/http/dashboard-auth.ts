import { createHash } from 'node:crypto';
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

/** The limiter key of a presented token: a short digest, never the token itself. */
const tokenKey = (token: string): string => `token:${createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 32)}`;

/**
 * The dashboard guard: `X-Dashboard-Token` or `Authorization: Bearer`, compared in
 * constant time against every configured token (rotation without downtime). `?token=`
 * is refused unless DASHBOARD_QUERY_TOKEN_ENABLED.
 *
 * Failures are counted per client address (TRUST_PROXY decides what that address is)
 * and per presented token; a key with too many failures in the window is answered 429.
 * A valid token is never refused: someone else's failures, from the same address or
 * behind the same proxy, cannot keep an operator from engaging the emergency stop. The
 * lockout only answers requests that would have been refused anyway (tokens are at
 * least 24 random characters, so it is noise control, not the brute-force defence).
 *
 * @category adapters
 */
export const dashboardGuard = (config: AppConfig['dashboard'], limiter = new FailureLimiter(10, 60_000)) => {
  const refuse = (reply: FastifyReply, error: HttpError) => {
    if (error._tag === 'TooManyAttempts') void reply.header('retry-after', String(error.retryAfterSeconds));
    return reply.code(STATUS_BY_TAG[error._tag]).send(errorBody(error));
  };
  /** Refuses with 429 while any of `keys` is locked out, else counts the failure on each and refuses with `message`. */
  const fail = async (reply: FastifyReply, keys: readonly string[], message: string): Promise<void> => {
    const locked = Math.max(...keys.map((key) => limiter.lockedFor(key) ?? -1));
    if (locked >= 0) {
      await refuse(reply, { _tag: 'TooManyAttempts', message: 'too many failed attempts; wait and retry', retryAfterSeconds: locked });
      return;
    }
    for (const key of keys) limiter.fail(key);
    await refuse(reply, { _tag: 'Unauthorized', message });
  };
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // A named user's token, already found by resolvePrincipal (resolve-principal.ts).
    if (request.principal?.source === 'user') return;
    const address = `address:${request.ip}`;
    const presented = extractToken(request);
    if (!presented) {
      if (config.strict) await fail(reply, [address], 'send the dashboard token in the X-Dashboard-Token header');
      return;
    }
    if (presented.from === 'query' && !config.queryTokenEnabled) {
      await fail(reply, [address], 'query-string tokens are disabled; send the X-Dashboard-Token header');
      return;
    }
    if (matchesAnySecret(presented.token, config.tokens)) return;
    await fail(reply, [address, tokenKey(presented.token)], 'the dashboard token is not valid');
  };
};
