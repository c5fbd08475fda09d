import { WEBHOOK_PROVIDERS, type Channel } from '@caio/core';
import { PROVIDER_OF_CHANNEL } from '../../composition/provider-credential-monitor.js';
import type { FastifyInstance } from 'fastify';
import { healthResponse, readyResponse } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';

/**
 * `/healthz`: liveness, never touches the store (a Redis outage must not restart pods).
 * `/readyz`: 200 only when the store is healthy and sends are not blocked and every
 * webhook provider is authenticated as configured (and, with JOBS_REQUIRED=true, the job
 * engine answers with a worker running here); the body says why, never a secret.
 * `provider_api.<provider>` reports each live provider's last credential check; a failing
 * one holds that provider's sends (the policy) but not readiness, so webhooks keep flowing.
 */
export const healthRoutes = (app: FastifyInstance, services: AppServices): void => {
  const probe = { tags: ['probes'], security: [] };
  app.get('/healthz', { schema: { ...probe, operationId: 'healthz', summary: 'Liveness', description: 'Always 200 while the process serves HTTP; never touches the store', response: { 200: healthResponse } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { ...probe, operationId: 'readyz', summary: 'Readiness', description: '200 when the store is healthy, sends are not blocked and every webhook provider is authenticated as configured; 503 otherwise, with the reasons', response: { 200: readyResponse, 503: readyResponse } } }, async (_request, reply) => {
    const { deps, config, webhooks } = services;
    const [health, controls, engine, backlog] = await Promise.all([deps.store.health(), deps.store.getControls(), services.jobs.health(), deps.store.inboxBacklog()]);
    const store = health.isOk() ? health.value : { ok: false, backend: config.state.backend, sendsBlocked: 'health check failed' };
    const providerAuth = webhooks.status();
    const webhooksHealthy = WEBHOOK_PROVIDERS.every((p) => providerAuth[p].healthy);
    const drift = services.drift();
    const providerApi = Object.fromEntries(
      (Object.entries(deps.providerCredentials?.() ?? {}) as [Channel, NonNullable<ReturnType<NonNullable<typeof deps.providerCredentials>>[Channel]>][]).map(([channel, s]) => [
        PROVIDER_OF_CHANNEL[channel],
        { state: s.state, checked_at: s.checkedAt, healthy: s.state !== 'invalid', ...(s.detail ? { detail: s.detail } : {}) },
      ]),
    );
    // The engine is healthy when it answers and this instance's worker is running.
    const engineHealthy = engine.connected && engine.workers > 0;
    const ready = store.ok && !store.sendsBlocked && webhooksHealthy && (engineHealthy || !config.jobs.required);
    return reply.code(ready ? 200 : 503).send({
      ready,
      store: { ok: store.ok, backend: store.backend, ...(store.sendsBlocked ? { sends_blocked: store.sendsBlocked } : {}) },
      webhook_signature_required: webhooks.strict,
      provider_auth: providerAuth,
      provider_api: providerApi,
      dashboard_auth: {
        strict: config.dashboard.strict,
        header_only: !config.dashboard.queryTokenEnabled,
        query_token_enabled: config.dashboard.queryTokenEnabled,
        tokens_configured: config.dashboard.tokens.length,
      },
      jobs: {
        engine: engine.engine,
        healthy: engineHealthy,
        required: config.jobs.required,
        connected: engine.connected,
        workers: engine.workers,
        waiting: engine.waiting,
        active: engine.active,
        failed: engine.failed,
        oldest_waiting_at: engine.oldestWaitingAt,
        last_runs: engine.lastRuns,
        ...(engine.detail ? { detail: engine.detail } : {}),
      },
      mode: controls.isOk() ? controls.value.mode : 'unknown',
      emergency_stop: controls.isOk() ? controls.value.emergencyStop.engaged : 'unknown',
      send_mode: config.sendMode,
      // Acknowledged RB2B deliveries waiting on this instance for the store to take them.
      webhook_spool: services.spool.status(),
      // Accepted webhook events not applied yet (every instance's, from the store).
      webhook_backlog: backlog.isOk()
        ? { pending: backlog.value.pending, oldest_pending_at: backlog.value.oldestReceivedAt, oldest_pending_age_ms: backlog.value.oldestReceivedAt === null ? 0 : Math.max(0, services.deps.clock.now().getTime() - Date.parse(backlog.value.oldestReceivedAt)), applier: services.config.webhookApplierEnabled }
        : { error: backlog.error._tag, applier: services.config.webhookApplierEnabled },
      state: { backend: config.state.backend, dual_read_enabled: config.state.dualReadEnabled, file_fallback_write: config.state.fileFallbackWrite },
      ...(drift ? { drift: { read_mismatches: drift.readMismatches, partial_writes: drift.partialWrites, unrepaired: drift.unrepaired.length, oldest_unrepaired_at: drift.oldestUnrepairedAt } } : {}),
    });
  });
};
