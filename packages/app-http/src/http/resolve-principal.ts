import { userActor, type Users } from '@caio/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { tokenSha256 } from '../users/token-digest.js';
import { matchesAnySecret } from './constant-time.js';
import { extractToken } from './dashboard-auth.js';
import { errorBody, STATUS_BY_TAG } from './error-status.js';
import type { Principal } from './principal.js';
import './principal.js';

/**
 * Finds who a dashboard request comes from, before the dashboard guard: the configured
 * DASHBOARD_AUTH_TOKEN is the admin named DASHBOARD_ADMIN_NAME (so existing deployments
 * keep working); any other token is looked up by its SHA-256 among the named users in
 * the store (every instance sees a user added, rotated or removed at the next request).
 * A token that matches nobody leaves the request without a principal: the guard refuses
 * it and counts the failure. A query-string token is only looked at where the guard
 * accepts it.
 *
 * @category adapters
 */
export const resolvePrincipal = (users: Users, config: AppConfig) => {
  const dashboardAdmin: Principal = { name: config.users.dashboardTokenUser, role: 'admin', actor: userActor(config.users.dashboardTokenUser), source: 'dashboard-token' };
  // Sandbox only (DASHBOARD_AUTH_STRICT=false): as before named users, such requests act as `dashboard`.
  const open: Principal = { name: 'dashboard', role: 'admin', actor: 'dashboard', source: 'open' };
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const presented = extractToken(request);
    if (!presented) {
      if (!config.dashboard.strict) request.principal = open;
      return;
    }
    if (presented.from === 'query' && !config.dashboard.queryTokenEnabled) return;
    if (matchesAnySecret(presented.token, config.dashboard.tokens)) {
      request.principal = dashboardAdmin;
      return;
    }
    const found = await users.findUserByTokenSha256(tokenSha256(presented.token));
    if (found.isErr()) {
      // Unknown, not refused: the token may be valid. The dashboard token still works meanwhile.
      await reply.code(STATUS_BY_TAG[found.error._tag]).send(errorBody(found.error));
      return;
    }
    const user = found.value;
    if (user) request.principal = { name: user.name, role: user.role, actor: userActor(user.name), source: 'user' };
  };
};
