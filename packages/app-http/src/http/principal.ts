import type { Permission, Role } from '@caio/core';

/**
 * Who is making a dashboard request: a named user (their own token), the admin that
 * DASHBOARD_AUTH_TOKEN signs in as, or, with DASHBOARD_AUTH_STRICT=false (sandbox only),
 * an open request without a token. `actor` is what the audit records.
 *
 * @category model
 */
export interface Principal {
  readonly name: string;
  readonly role: Role;
  readonly actor: string;
  readonly source: 'user' | 'dashboard-token' | 'open';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `resolvePrincipal` before the dashboard guard runs. */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** What a dashboard route does, in the terms of core's `PERMISSIONS`; undeclared counts as `administer`. */
    permission?: Permission;
  }
}
