import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, startAppProcess, type AppProcess } from './support/app-process.js';
import { redisPrefixes, storeEnv, withCore, type Backend } from './support/cli.js';
import { removeRedisPrefixes } from './support/redis-cleanup.js';

/*
 * Nothing acknowledged is lost: a real `caio serve` answers 2xx once a delivery is
 * recorded and applies it afterwards; killed with -9 in between, the next start applies
 * what it acknowledged, each event once.
 */

const SECRET = 'crash-test-instantly-secret-0123456789';
const TEST_MS = 90_000;
const dirs: string[] = [];
const running: AppProcess[] = [];

beforeAll(() => buildApp(), 120_000);
afterAll(async () => {
  await Promise.all(running.map((p) => p.kill()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await removeRedisPrefixes(redisPrefixes);
});

const unsubscribe = (n: number) => JSON.stringify({ timestamp: `2026-11-01T12:00:${String(n % 60).padStart(2, '0')}.000Z`, event_type: 'lead_unsubscribed', workspace: 'ws', campaign_id: 'cmp-1', lead_email: `p${n}@crash.example` });

const deliver = async (app: AppProcess, body: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(`${app.base}/webhooks/instantly`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-webhook-secret': SECRET }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** Polls readiness until the store's webhook backlog is empty (what an operator watches). */
const backlogDrained = async (app: AppProcess): Promise<void> => {
  for (;;) {
    const ready = (await (await fetch(`${app.base}/readyz`)).json()) as { webhook_backlog: { pending: number } };
    if (ready.webhook_backlog.pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const start = async (name: string, env: Record<string, string>): Promise<AppProcess> => {
  const app = await startAppProcess(name, env);
  running.push(app);
  return app;
};

/** Per event id, how many `webhook.Unsubscribed` audit entries the store holds, and the people suppressed. */
const applied = async (env: Record<string, string>) =>
  withCore(env, async (core) => {
    const audit = (await core.deps.store.listAudit({ limit: 10_000 }))._unsafeUnwrap().filter((e) => e.action === 'webhook.Unsubscribed');
    const counts: Record<string, number> = {};
    for (const e of audit) counts[String(e.eventId)] = (counts[String(e.eventId)] ?? 0) + 1;
    const backlog = (await core.deps.store.inboxBacklog())._unsafeUnwrap();
    return { counts, backlog };
  });

describe.each<Backend>(['file', 'redis'])('webhooks acknowledged, then the app killed with -9 (%s store)', (backend) => {
  it(
    'applies on restart what an instance that only accepts acknowledged before it died, once each',
    async () => {
      const env = await storeEnv(backend, { WEBHOOK_SIGNATURE_REQUIRED: 'false', INSTANTLY_WEBHOOK_SECRET: SECRET });
      dirs.push(env.STATE_DIR!);
      // This instance accepts and never applies: everything it acknowledged is between accept and apply when it dies.
      const accepting = await start('accepting', { ...env, WEBHOOK_APPLIER_ENABLED: 'false' });
      const answers = await Promise.all([0, 1, 2].map((n) => deliver(accepting, unsubscribe(n))));
      expect(answers.map((a) => [a.status, a.body.pending])).toEqual([
        [200, 1],
        [200, 1],
        [200, 1],
      ]);
      await accepting.kill();
      const ids = answers.map((a) => (a.body.events as { eventId: string }[])[0]!.eventId);
      expect(await applied(env)).toEqual({ counts: {}, backlog: { pending: 3, oldestReceivedAt: expect.any(String) } });

      const restarted = await start('restarted', env);
      await backlogDrained(restarted);
      // Redelivered by the provider after the crash: duplicates, nothing applied twice.
      expect((await deliver(restarted, unsubscribe(1))).body).toMatchObject({ pending: 0, duplicates: 1 });
      await restarted.stop();
      expect(await applied(env)).toEqual({ counts: Object.fromEntries(ids.map((id) => [id, 1])), backlog: { pending: 0, oldestReceivedAt: null } });
    },
    TEST_MS,
  );

  it(
    'killed -9 in the middle of a burst it was applying: every acknowledged event is applied once after the restart',
    async () => {
      const env = await storeEnv(backend, { WEBHOOK_SIGNATURE_REQUIRED: 'false', INSTANTLY_WEBHOOK_SECRET: SECRET });
      dirs.push(env.STATE_DIR!);
      const app = await start('burst', env);
      const answers = await Promise.all(Array.from({ length: 40 }, (_, n) => deliver(app, unsubscribe(100 + n)).catch(() => null)));
      // Killed as soon as the last answer is in: the applier is still working through the burst.
      await app.kill();
      const acknowledged = answers.flatMap((a) => (a?.status === 200 ? (a.body.events as { eventId: string }[]).map((e) => e.eventId) : []));
      expect(acknowledged).toHaveLength(40);
      const restarted = await start('burst-restarted', env);
      await backlogDrained(restarted);
      await restarted.stop();
      const after = await applied(env);
      expect(after.backlog.pending).toBe(0);
      expect(Object.keys(after.counts).sort()).toEqual([...acknowledged].sort());
      expect(Object.values(after.counts).every((n) => n === 1)).toBe(true);
    },
    TEST_MS,
  );
});
