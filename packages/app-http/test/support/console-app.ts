import { addUser, createCard, qualityPassed, ROLES, type Card, type CardId, type LeadId, type Role, type TraceId } from '@caio/core';
import { aLead, type FakeGhl } from '@caio/testkit';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import 'reflect-metadata';
import { composeApp, type ComposedApp } from '../../src/composition/container.js';
import { loadConfiguration } from '../../src/composition/load-configuration.js';
import { runStartup } from '../../src/composition/startup.js';
import { buildServer } from '../../src/http/build-server.js';
import { tokenSha256 } from '../../src/users/token-digest.js';
import { liveProviderEnv } from './live-provider-env.js';

export const WEBHOOK_SECRET = 'console-webhook-secret-0123456789abcd';

/** One token per role; the users are `<role>-pat`. */
export const ROLE_TOKENS: Readonly<Record<Role, string>> = {
  reviewer: 'console-reviewer-token-0123456789abcdef',
  operator: 'console-operator-token-0123456789abcdef',
  admin: 'console-admin-token-0123456789abcdefghij',
};

export interface ConsoleApp {
  readonly base: string;
  readonly composed: ComposedApp;
  readonly seedCard: (name: string, overrides?: Partial<Card>) => Promise<Card>;
  readonly close: () => Promise<void>;
}

/**
 * The whole app on a file store, listening on loopback, in live mode against a fake GHL
 * (GHL only), with one named user per role: what the console's browser tests drive.
 */
export const startConsoleApp = async (ghl: FakeGhl, env: Record<string, string> = {}): Promise<ConsoleApp> => {
  const dir = mkdtempSync(join(tmpdir(), 'caio-console-'));
  const loaded = (
    await loadConfiguration({
      STATE_DIR: dir,
      ...liveProviderEnv({ ghl }),
      SEND_CHANNELS: 'ghl_email',
      DASHBOARD_AUTH_TOKEN: 'console-dashboard-token-0123456789abcdef',
      SUPERVISED_SEND_WINDOW_OVERRIDE: 'true',
      DAILY_SEND_CAP: '50',
      DEMO_SEED: 'false',
      SCHEDULED_WORK_ENABLED: 'false',
      INSTANTLY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      CLAY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      RB2B_WEBHOOK_SECRET: WEBHOOK_SECRET,
      HEYREACH_WEBHOOK_SECRET: WEBHOOK_SECRET,
      GHL_STANDARD_WEBHOOK_SECRET: `whsec_${Buffer.from('twenty-four-random-bytes!').toString('base64')}`,
      ...env,
    })
  )._unsafeUnwrap();
  const composed = (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
  await runStartup(composed.services.deps, loaded.config);
  const { services } = composed;
  const trace = { traceId: 'trace_console_setup' as TraceId, actor: 'test', at: new Date().toISOString(), origin: 'test' as const };
  for (const role of ROLES) (await addUser({ users: services.users, audit: services.deps.store, ids: services.deps.ids }, { name: `${role}-pat`, role, tokenSha256: tokenSha256(ROLE_TOKENS[role]), trace }))._unsafeUnwrap();
  const app: FastifyInstance = await buildServer(services, pino({ level: 'silent' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const seedCard = async (name: string, overrides: Partial<Card> = {}): Promise<Card> => {
    const { store } = services.deps;
    const at = new Date().toISOString();
    const lead = (await store.putLead(aLead(`lead_${name}`, { email: `${name}@acme.example`, firstName: name[0]!.toUpperCase() + name.slice(1), company: 'Acme' } as never, at), null))._unsafeUnwrap();
    const card = createCard(`card_${name}` as CardId, { leadId: lead.id as LeadId, leadKeys: [`email:${name}@acme.example`] as never, tier: 'tier_1', channel: 'ghl_email', subject: `A note for ${name}`, body: `Hi ${name}, saw Acme moved its pipeline to Snowflake last quarter. Worth comparing notes on routing?`, opener: 'A specific opener.' }, qualityPassed, at)._unsafeUnwrap();
    return (await store.putCard({ ...card, ...overrides }, null))._unsafeUnwrap();
  };
  return {
    base,
    composed,
    seedCard,
    close: async () => {
      await app.close();
      await composed.state.store.close();
      await composed.closeChannels();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
