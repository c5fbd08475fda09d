import { WEBHOOK_PROVIDERS, type WebhookProvider } from '@caio/core';
import { z } from 'zod';

/**
 * The parts of `/readyz` the smoke checks read. The body comes from the network, so it
 * is validated: extra fields are tolerated, a missing or mistyped one makes the view unavailable.
 */
const providerAuth = z.looseObject({
  mode: z.string(),
  configured: z.boolean(),
  auth_scheme: z.string(),
  unsigned_allowlisted: z.boolean(),
  healthy: z.boolean(),
});

const readinessBody = z.looseObject({
  ready: z.boolean(),
  store: z.looseObject({ ok: z.boolean(), backend: z.string(), sends_blocked: z.string().optional() }),
  webhook_signature_required: z.boolean(),
  provider_auth: z.looseObject(Object.fromEntries(WEBHOOK_PROVIDERS.map((p) => [p, providerAuth])) as Record<WebhookProvider, typeof providerAuth>),
  dashboard_auth: z.looseObject({ strict: z.boolean(), query_token_enabled: z.boolean() }),
  send_mode: z.string().optional(),
  emergency_stop: z.union([z.boolean(), z.string()]).optional(),
});

export type ReadinessView = z.infer<typeof readinessBody>;

/** The readiness view, or undefined when the body is not what `/readyz` answers. */
export const readinessViewOf = (json: unknown): ReadinessView | undefined => {
  const parsed = readinessBody.safeParse(json);
  return parsed.success ? parsed.data : undefined;
};

/** Why a readiness view says not ready, in words. */
export const notReadyReasons = (view: ReadinessView): string[] => [
  ...(view.store.ok ? [] : [`store ${view.store.backend} not ok`]),
  ...(view.store.sends_blocked ? [`sends blocked: ${view.store.sends_blocked}`] : []),
  ...WEBHOOK_PROVIDERS.filter((p) => !view.provider_auth[p].healthy).map((p) => `webhook ${p} has no authenticator (auth_scheme ${view.provider_auth[p].auth_scheme})`),
];
