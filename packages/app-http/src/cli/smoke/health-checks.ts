import { WEBHOOK_PROVIDERS } from '@caio/core';
import { describeOutcome, type ProbeClient } from './probe-client.js';
import { notReadyReasons, readinessViewOf, type ReadinessView } from './readiness-view.js';
import { fail, pass, type SmokeCheck } from './smoke-check.js';
import type { SmokeOptions } from './smoke-options.js';

export const LIVENESS = 'liveness /healthz';
export const READINESS = 'readiness /readyz';
export const READINESS_WEBHOOKS = 'readiness: webhook auth';
export const READINESS_DASHBOARD = 'readiness: dashboard auth';

/** `/healthz` answers 200. `reachable` is false when there was no HTTP answer at all. */
export const livenessCheck = async (client: ProbeClient): Promise<{ check: SmokeCheck; reachable: boolean }> => {
  const outcome = await client.send({ method: 'GET', path: '/healthz' });
  if (outcome.isErr()) return { check: fail(LIVENESS, `no answer: ${describeOutcome(outcome)}`), reachable: false };
  const ok = outcome.value.status === 200;
  return { check: ok ? pass(LIVENESS, '200') : fail(LIVENESS, `expected 200, got ${outcome.value.status}`), reachable: true };
};

/**
 * `/readyz` answers and says ready (its reasons when not); its webhook and dashboard
 * fields are compared with what the operator expects.
 */
export const readinessChecks = async (client: ProbeClient, options: SmokeOptions): Promise<{ checks: SmokeCheck[]; view: ReadinessView | undefined }> => {
  const outcome = await client.send({ method: 'GET', path: '/readyz' });
  if (outcome.isErr()) {
    const detail = `no answer: ${describeOutcome(outcome)}`;
    return { checks: [fail(READINESS, detail), fail(READINESS_WEBHOOKS, detail), fail(READINESS_DASHBOARD, detail)], view: undefined };
  }
  const view = readinessViewOf(outcome.value.json);
  if (!view) {
    const detail = `${outcome.value.status} with a body that is not a readiness report`;
    return { checks: [fail(READINESS, detail), fail(READINESS_WEBHOOKS, detail), fail(READINESS_DASHBOARD, detail)], view: undefined };
  }
  const readiness =
    view.ready && outcome.value.status === 200
      ? pass(READINESS, `200 ready (store ${view.store.backend}${view.send_mode ? `, send mode ${view.send_mode}` : ''})`)
      : fail(READINESS, `${outcome.value.status} not ready: ${notReadyReasons(view).join('; ') || 'no reason given'}`);
  return { checks: [readiness, webhookAuthCheck(view, options.expectWebhookRequired), dashboardAuthCheck(view, options.expectQueryTokenEnabled)], view };
};

/** Strict mode as expected, and under strict mode every provider authenticated (an allowlisted unsigned HeyReach is a blind spot, so it fails). */
export const webhookAuthCheck = (view: ReadinessView, expectRequired: boolean): SmokeCheck => {
  if (view.webhook_signature_required !== expectRequired) {
    return fail(READINESS_WEBHOOKS, `webhook_signature_required is ${view.webhook_signature_required}, expected ${expectRequired}`);
  }
  const schemes = WEBHOOK_PROVIDERS.map((p) => `${p}=${view.provider_auth[p].auth_scheme}`).join(' ');
  if (!expectRequired) return pass(READINESS_WEBHOOKS, `permissive as expected; ${schemes}`);
  const open = WEBHOOK_PROVIDERS.filter((p) => !view.provider_auth[p].configured);
  return open.length === 0 ? pass(READINESS_WEBHOOKS, `strict; ${schemes}`) : fail(READINESS_WEBHOOKS, `strict, but not authenticated: ${open.map((p) => `${p} (${view.provider_auth[p].auth_scheme})`).join(', ')}`);
};

/** Dashboard auth strict, and query tokens enabled exactly as expected. */
export const dashboardAuthCheck = (view: ReadinessView, expectQueryToken: boolean): SmokeCheck => {
  const { strict, query_token_enabled } = view.dashboard_auth;
  if (!strict) return fail(READINESS_DASHBOARD, 'dashboard auth is not strict (DASHBOARD_AUTH_STRICT=false): /api answers without a token');
  if (query_token_enabled !== expectQueryToken) return fail(READINESS_DASHBOARD, `query_token_enabled is ${query_token_enabled}, expected ${expectQueryToken}`);
  return pass(READINESS_DASHBOARD, `strict, query tokens ${query_token_enabled ? 'enabled' : 'disabled'} as expected`);
};
