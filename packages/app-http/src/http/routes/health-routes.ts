import { WEBHOOK_PROVIDERS } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import { healthResponse, readyResponse } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';

/**
 * `/healthz`: liveness, never touches the store (a Redis outage must not restart pods).
 * `/readyz`: 200 only when the store is healthy and sends are not blocked and every
 * webhook provider is authenticated as configured; the body says why, never a secret.
 */
export const healthRoutes = (app: FastifyInstance, services: AppServices): void => {
  const probe = { tags: ['probes'], security: [] };
  app.get('/healthz', { schema: { ...probe, operationId: 'healthz', summary: 'Liveness', description: 'Always 200 while the process serves HTTP; never touches the store', response: { 200: healthResponse } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { ...probe, operationId: 'readyz', summary: 'Readiness', description: '200 when the store is healthy, sends are not blocked and every webhook provider is authenticated as configured; 503 otherwise, with the reasons', response: { 200: readyResponse, 503: readyResponse } } }, async (_request, reply) => {
    const { deps, config, webhooks } = services;
    const [health, controls] = await Promise.all([deps.store.health(), deps.store.getControls()]);
    const store = health.isOk() ? health.value : { ok: false, backend: config.state.backend, sendsBlocked: 'health check failed' };
    const providerAuth = webhooks.status();
    const webhooksHealthy = WEBHOOK_PROVIDERS.every((p) => providerAuth[p].healthy);
    const drift = services.drift();
    const ready = store.ok && !store.sendsBlocked && webhooksHealthy;
    return reply.code(ready ? 200 : 503).send({
      ready,
      store: { ok: store.ok, backend: store.backend, ...(store.sendsBlocked ? { sends_blocked: store.sendsBlocked } : {}) },
      webhook_signature_required: webhooks.strict,
      provider_auth: providerAuth,
      dashboard_auth: {
        strict: config.dashboard.strict,
        header_only: !config.dashboard.queryTokenEnabled,
        query_token_enabled: config.dashboard.queryTokenEnabled,
        tokens_configured: config.dashboard.tokens.length,
      },
      emergency_stop: controls.isOk() ? controls.value.emergencyStop.engaged : 'unknown',
      send_mode: config.sendMode,
      state: { backend: config.state.backend, dual_read_enabled: config.state.dualReadEnabled, file_fallback_write: config.state.fileFallbackWrite },
      ...(drift ? { drift: { read_mismatches: drift.readMismatches, partial_writes: drift.partialWrites, unrepaired: drift.unrepaired.length, oldest_unrepaired_at: drift.oldestUnrepairedAt } } : {}),
    });
  });
};
