import { authChecks } from './auth-checks.js';
import { corsChecks } from './cors-checks.js';
import { livenessCheck, readinessChecks } from './health-checks.js';
import { ProbeClient } from './probe-client.js';
import { fail, type SmokeCheck } from './smoke-check.js';
import type { SmokeOptions } from './smoke-options.js';
import { webhookChecks } from './webhook-probes.js';

/** Liveness, readiness, auth matrix (4), webhooks (2 per provider), CORS (2): 18; the rest is margin. */
export const MAX_SMOKE_REQUESTS = 24;

/**
 * The deployed smoke checklist, in order, one request at a time. When `/healthz` gets no
 * HTTP answer at all, the rest is not attempted (each would only wait for its own
 * timeout) and is reported as not run.
 */
export const runSmoke = async (options: SmokeOptions, now: () => Date = () => new Date()): Promise<readonly SmokeCheck[]> => {
  const client = new ProbeClient(options.baseUrl, options.timeoutMs, MAX_SMOKE_REQUESTS);
  const liveness = await livenessCheck(client);
  if (!liveness.reachable) return [liveness.check, fail('remaining checks', `not run: ${options.baseUrl.origin} did not answer /healthz`)];
  const readiness = await readinessChecks(client, options);
  return [
    liveness.check,
    ...readiness.checks,
    ...(await authChecks(client, options)),
    ...(await webhookChecks(client, options, readiness.view, now)),
    ...(await corsChecks(client, options)),
  ];
};
