import { signStandardWebhook } from '@caio/adapters-webhooks';
import { WEBHOOK_PROVIDERS, type WebhookProvider } from '@caio/core';
import { inertProbe, type InertProbe } from './inert-webhook-events.js';
import { describeOutcome, messageOf, type ProbeClient, type ProbeOutcome, type ProbeRequest } from './probe-client.js';
import type { ReadinessView } from './readiness-view.js';
import { fail, pass, skip, type SmokeCheck } from './smoke-check.js';
import type { SmokeOptions } from './smoke-options.js';
import type { ProbeCredential } from './webhook-credentials.js';

export const unauthenticatedProbeName = (provider: WebhookProvider): string => `webhook ${provider}: unauthenticated probe`;
export const authenticatedProbeName = (provider: WebhookProvider): string => `webhook ${provider}: authenticated probe`;

/** The request a provider would send with this credential (or none), carrying the inert probe body. */
export const webhookRequest = (provider: WebhookProvider, probe: InertProbe, credential: ProbeCredential | null, now: Date): ProbeRequest => {
  const base = { method: 'POST' as const, path: `/webhooks/${provider}`, body: probe.body };
  const json = { 'content-type': 'application/json' };
  if (!credential) return { ...base, headers: json };
  switch (credential.scheme) {
    case 'shared_secret_header':
      return { ...base, headers: { ...json, [credential.header]: credential.value } };
    case 'bearer':
      return { ...base, headers: { ...json, authorization: `Bearer ${credential.value}` } };
    case 'url_secret':
      return { ...base, headers: json, query: { [credential.parameter]: credential.value } };
    case 'standard_webhooks': {
      const id = `caio-smoke-${provider}`;
      const timestamp = Math.floor(now.getTime() / 1000);
      return { ...base, headers: { ...json, 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signStandardWebhook(credential.value, id, timestamp, probe.body) } };
    }
  }
};

/**
 * Without credentials: refused with 401 when signatures are expected to be required. When
 * they are not, a provider the app reports as configured must still refuse (a configured
 * provider is always checked); an unconfigured one may accept, as permissive mode does.
 */
export const unauthenticatedCheck = (provider: WebhookProvider, outcome: ProbeOutcome, expectRequired: boolean, view: ReadinessView | undefined): SmokeCheck => {
  const name = unauthenticatedProbeName(provider);
  if (outcome.isErr()) return fail(name, `no answer: ${describeOutcome(outcome)}`);
  const { status } = outcome.value;
  const auth = view?.provider_auth[provider];
  const mustRefuse = expectRequired || auth?.configured === true;
  if (status === 401) return pass(name, '401 refused without credentials');
  if (mustRefuse) {
    const why = auth?.unsigned_allowlisted ? ' (HEYREACH_UNSIGNED_ALLOWLIST=true)' : auth && !auth.configured ? ' (no authenticator configured)' : '';
    return fail(name, `expected 401, got ${status}${status < 300 ? `: accepted without credentials${why}` : ''}`);
  }
  return status < 500 ? pass(name, `${status} without credentials: permissive, as expected (auth_scheme ${auth?.auth_scheme ?? 'unknown'})`) : fail(name, `${status} without credentials`);
};

const eventsOf = (json: unknown): { accepted: boolean; ids: string[]; statuses: string[]; quarantined: boolean; reason: string } => {
  const body = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const events = Array.isArray(body.events) ? (body.events as unknown[]).filter((e): e is Record<string, unknown> => !!e && typeof e === 'object') : [];
  return {
    accepted: body.accepted === true,
    ids: events.map((e) => String(e.eventId)),
    statuses: events.map((e) => String(e.status)),
    quarantined: body.quarantined === true,
    reason: typeof body.reason === 'string' ? body.reason.slice(0, 160) : '',
  };
};

/** With the provider's credential: the inert event accepted as exactly the expected ignored event. */
export const authenticatedCheck = (provider: WebhookProvider, probe: InertProbe, credential: ProbeCredential, outcome: ProbeOutcome): SmokeCheck => {
  const name = authenticatedProbeName(provider);
  const via = `via ${credential.variable} (${credential.scheme})`;
  if (outcome.isErr()) return fail(name, `no answer: ${describeOutcome(outcome)}`);
  const response = outcome.value;
  if (response.status === 401) return fail(name, `401: credential ${via} refused${messageOf(response) ? `: ${messageOf(response)}` : ''}`);
  const answer = eventsOf(response.json);
  if (response.status !== 200) return fail(name, `expected 200 ${via}, got ${response.status}${messageOf(response) ? `: ${messageOf(response)}` : ''}`);
  if (answer.quarantined) return fail(name, `200 ${via} but the probe was quarantined: ${answer.reason}`);
  if (!answer.accepted || answer.ids.length !== 1 || answer.ids[0] !== probe.eventId) {
    return fail(name, `200 ${via} but not the ignored probe event ${probe.eventId}: accepted=${answer.accepted}, events ${answer.ids.join(', ') || '(none)'}`);
  }
  return pass(name, `200 ${via}: ignored event ${answer.ids[0]} ${answer.statuses[0] ?? ''}`);
};

/** Per provider: the unauthenticated probe, then (when the smoke command holds its credential) the authenticated one. */
export const webhookChecks = async (client: ProbeClient, options: SmokeOptions, view: ReadinessView | undefined, now: () => Date): Promise<SmokeCheck[]> => {
  const checks: SmokeCheck[] = [];
  for (const provider of WEBHOOK_PROVIDERS) {
    const probe = inertProbe(provider);
    checks.push(unauthenticatedCheck(provider, await client.send(webhookRequest(provider, probe, null, now())), options.expectWebhookRequired, view));
    const credential = options.webhookCredentials[provider];
    if (credential._tag === 'None') {
      checks.push(skip(authenticatedProbeName(provider), `not probed: ${credential.reason}`));
      continue;
    }
    checks.push(authenticatedCheck(provider, probe, credential.credential, await client.send(webhookRequest(provider, probe, credential.credential, now()))));
  }
  return checks;
};
