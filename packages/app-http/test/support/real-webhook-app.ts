import { webhookSetupFromEnv } from '@caio/adapters-webhooks';
import { silentLogger, type CoreDeps, type IdentityKey } from '@caio/core';
import { WebhookApplier } from '../../src/composition/webhook-applier.js';
import { webhookIngress } from '../../src/composition/webhook-ingress.js';
import { buildServer } from '../../src/http/build-server.js';
import { startTestApp, type TestApp } from './test-app.js';

export const WEBHOOK_SECRET = 'provider-secret-0123456789';

/** The credentials each provider sends, as configured on the provider's side. */
export const webhookEnv = (ghlEd25519PublicKey: string, extra: Record<string, string> = {}): Record<string, string> => ({
  INSTANTLY_WEBHOOK_SECRET: WEBHOOK_SECRET,
  CLAY_WEBHOOK_SECRET: WEBHOOK_SECRET,
  RB2B_WEBHOOK_SECRET: WEBHOOK_SECRET,
  HEYREACH_WEBHOOK_SECRET: WEBHOOK_SECRET,
  GHL_WEBHOOK_ED25519_PUBLIC_KEY: ghlEd25519PublicKey,
  ...extra,
});

export interface ListeningApp extends TestApp {
  /** `http://127.0.0.1:<port>/webhooks/<provider>` */
  readonly webhookUrl: (provider: string, query?: Record<string, string>) => string;
}

/** The test app with the real verifier and parsers, listening on loopback so fake providers can call it. */
export const startListeningWebhookApp = async (env: Record<string, string>, deps: Partial<CoreDeps> = {}): Promise<ListeningApp> => {
  const t = await startTestApp();
  await t.app.close();
  const merged = { ...t.services.deps, ...deps };
  const services = { ...t.services, deps: merged, webhooks: webhookIngress(webhookSetupFromEnv(env)._unsafeUnwrap()), webhookApplier: new WebhookApplier(merged, silentLogger) };
  const app = await buildServer(services, (await import('pino')).default({ level: 'silent' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const webhookUrl = (provider: string, query: Record<string, string> = {}) => {
    const url = new URL(`http://127.0.0.1:${port}/webhooks/${provider}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  };
  return { ...t, app, services, webhookUrl };
};

export const key = (value: string): IdentityKey => value as IdentityKey;
