import { signStandardWebhook, webhookSetupFromEnv } from '@caio/adapters-webhooks';
import { silentLogger, WEBHOOK_PROVIDERS, type IdentityKey } from '@caio/core';
import { aLead, withStoreFaults } from '@caio/testkit';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookIngress } from '../src/composition/webhook-ingress.js';
import { buildServer } from '../src/http/build-server.js';
import { snapshotBesidesCounts, startTestApp, TOKEN, webhooksApplied, type TestApp } from './support/test-app.js';
import { WebhookApplier } from '../src/composition/webhook-applier.js';

const WHSEC = `whsec_${Buffer.from('twenty-four-random-bytes!').toString('base64')}`;
const SECRET = 'shared-secret-0123456789';
const ENV = {
  INSTANTLY_STANDARD_WEBHOOK_SECRET: WHSEC,
  INSTANTLY_WEBHOOK_SECRET: SECRET,
  CLAY_WEBHOOK_SECRET: SECRET,
  RB2B_WEBHOOK_SECRET: SECRET,
  HEYREACH_WEBHOOK_SECRET: SECRET,
  GHL_STANDARD_WEBHOOK_SECRET: WHSEC,
};

/** The test app with the real verifier and parsers in front of the route. */
const startWithRealIngress = async (): Promise<TestApp> => {
  const t = await startTestApp();
  await t.app.close();
  const services = { ...t.services, webhooks: webhookIngress(webhookSetupFromEnv(ENV)._unsafeUnwrap()) };
  const app = await buildServer(services, (await import('pino')).default({ level: 'silent' }));
  await app.ready();
  return { ...t, app, services };
};

const bounce = (email: string) => JSON.stringify({ timestamp: '2026-03-02T19:00:00.000Z', event_type: 'email_bounced', workspace: 'w', campaign_id: 'cmp-mapped', lead_email: email, step: 1, variant: 1, email_id: 'eml-1' });

const signed = (body: string, at: Date, id = 'msg_bounce_1') => {
  const ts = Math.floor(at.getTime() / 1000);
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signStandardWebhook(WHSEC, id, ts, body) };
};

let t: TestApp;
afterEach(async () => t.app.close());

describe('webhooks through the app, real verification', () => {
  it('applies a late provider retry (2 hours later, fresh signature) only once', async () => {
    t = await startWithRealIngress();
    await t.store.putLead(aLead('ada'), null);
    const body = bounce('ada@acme.example');
    const first = await t.app.inject({ method: 'POST', url: '/webhooks/instantly', headers: signed(body, t.clock.now()), payload: body });
    expect(first.json()).toMatchObject({ accepted: true, pending: 1 });
    await webhooksApplied(t);
    const suppressed = (await t.store.findSuppressions(['email:ada@acme.example' as IdentityKey]))._unsafeUnwrap();
    expect(suppressed).toHaveLength(1);
    const snapshot = t.store.snapshot();
    t.clock.advance(2 * 3_600_000);
    const late = await t.app.inject({ method: 'POST', url: '/webhooks/instantly', headers: signed(body, t.clock.now(), 'msg_bounce_retry'), payload: body });
    expect(late.statusCode).toBe(200);
    expect(late.json()).toMatchObject({ applied: 0, pending: 0, duplicates: 1 });
    await webhooksApplied(t);
    expect(t.store.snapshot()).toBe(snapshot);
  });

  it('loses nothing when the store fails at recording (503, the retry is recorded) or at applying (the event stays pending): applied once', async () => {
    t = await startWithRealIngress();
    await t.store.putLead(aLead('ada'), null);
    const faulty = withStoreFaults(t.store);
    const deps = { ...t.services.deps, store: faulty.store };
    const services = { ...t.services, deps, webhookApplier: new WebhookApplier(deps, silentLogger) };
    await t.app.close();
    const app = await buildServer(services, (await import('pino')).default({ level: 'silent' }));
    t = { ...t, app, services };
    const body = bounce('ada@acme.example');
    faulty.fail('acceptInboxEvents', { error: { _tag: 'StoreUnavailable', message: 'connection lost' } });
    const failed = await app.inject({ method: 'POST', url: '/webhooks/instantly', headers: signed(body, t.clock.now()), payload: body });
    expect(failed.statusCode).toBe(503);
    expect((await t.store.inboxBacklog())._unsafeUnwrap().pending).toBe(0);
    // Recorded this time; the first application fails half-way (the store drops the suppression) and is retried.
    faulty.fail('addSuppression', { error: { _tag: 'StoreUnavailable', message: 'connection lost' } });
    const retried = await app.inject({ method: 'POST', url: '/webhooks/instantly', headers: signed(body, t.clock.now()), payload: body });
    expect(retried.json()).toMatchObject({ accepted: true, pending: 1 });
    await webhooksApplied(t);
    expect(faulty.calls.filter((c) => c === 'addSuppression').length).toBeGreaterThan(2);
    const again = await app.inject({ method: 'POST', url: '/webhooks/instantly', headers: signed(body, t.clock.now()), payload: body });
    expect(again.json()).toMatchObject({ applied: 0, pending: 0, duplicates: 1 });
    expect((await t.store.findSuppressions(['email:ada@acme.example' as IdentityKey]))._unsafeUnwrap()).toHaveLength(1);
    expect((await t.store.listAudit({}))._unsafeUnwrap().filter((a) => a.action === 'webhook.EmailBounced')).toHaveLength(1);
  });

  it('answers RB2B 200 for an authenticated invalid body (quarantined) and 401 without the URL secret', async () => {
    t = await startWithRealIngress();
    const bad = await t.app.inject({ method: 'POST', url: `/webhooks/rb2b?secret=${SECRET}`, headers: { 'content-type': 'application/json' }, payload: '{"First Name": "Ada"}' });
    expect(bad.statusCode).toBe(200);
    expect((await t.store.listQuarantine(5))._unsafeUnwrap()).toHaveLength(1);
    expect((await t.app.inject({ method: 'POST', url: '/webhooks/rb2b', headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode).toBe(401);
  });

  it('quarantines an authenticated non-JSON or unknown-shape body with 200 for every provider; 413 for 1 MiB + 1 byte, 401 for a re-serialised body', async () => {
    t = await startWithRealIngress();
    const plain = await t.app.inject({ method: 'POST', url: '/webhooks/instantly', headers: { 'content-type': 'text/plain', 'x-webhook-secret': SECRET }, payload: 'hello' });
    expect(plain.statusCode).toBe(200);
    expect(plain.json()).toMatchObject({ accepted: false, quarantined: true });
    for (const provider of ['heyreach', 'clay'] as const) {
      const headers = provider === 'clay' ? { 'content-type': 'application/json', 'x-api-key': SECRET } : { 'content-type': 'application/json' };
      const odd = await t.app.inject({ method: 'POST', url: `/webhooks/${provider}?secret=${SECRET}`, headers, payload: '[1, 2, 3]' });
      expect(odd.statusCode).toBe(200);
      expect(odd.json()).toMatchObject({ quarantined: true });
    }
    expect((await t.store.listQuarantine(10))._unsafeUnwrap().map((q) => q.provider)).toEqual(['instantly', 'heyreach', 'clay']);
    const listed = await t.app.inject({ method: 'GET', url: '/api/quarantine', headers: { authorization: `Bearer ${TOKEN}` } });
    // Newest first, each with the decision taken about it (none yet).
    expect(listed.json().items.map((i: { delivery: { provider: string } }) => i.delivery.provider)).toEqual(['clay', 'heyreach', 'instantly']);
    expect(listed.json().items[1]).toMatchObject({ delivery: { provider: 'heyreach', body: '[1, 2, 3]', reason: expect.any(String) }, decision: null });
    expect((await t.app.inject({ method: 'GET', url: '/api/quarantine' })).statusCode).toBe(401);
    // Re-applying: a body the parser still cannot use stays unusable (422) and undecided; one it
    // can (a JSON event sent with the wrong content type) is applied once, and decided.
    const [instantlyPlain, heyreachOdd] = (await t.store.listQuarantine(10))._unsafeUnwrap();
    const reapply = (id: string) => t.app.inject({ method: 'POST', url: `/api/quarantine/${id}/reapply`, headers: { authorization: `Bearer ${TOKEN}` }, payload: { note: 'parser fixed' } });
    const still = await reapply(heyreachOdd!.id);
    expect([still.statusCode, still.json().error]).toEqual([422, 'StillInvalid']);
    const mislabelled = await t.app.inject({ method: 'POST', url: '/webhooks/instantly', headers: { 'content-type': 'text/plain', 'x-webhook-secret': SECRET }, payload: bounce('grace@acme.example') });
    expect(mislabelled.json()).toMatchObject({ quarantined: true });
    const kept = (await t.store.listQuarantine(10))._unsafeUnwrap().at(-1)!;
    const first = await reapply(kept.id);
    expect(first.statusCode).toBe(200);
    expect(first.json().events.map((e: { status: string }) => e.status)).toEqual(['applied']);
    expect((await t.store.findSuppressions(['email:grace@acme.example' as IdentityKey]))._unsafeUnwrap()).toHaveLength(1);
    // The first decision wins: a second re-application is refused, and nothing is applied twice.
    expect((await reapply(kept.id)).json()).toMatchObject({ error: 'AlreadyDecided' });
    expect((await t.store.listAudit({ limit: 100 }))._unsafeUnwrap().filter((e) => e.action === 'quarantine.reapplied')).toHaveLength(1);
    expect((await reapply('no-such-id')).statusCode).toBe(404);
    expect(instantlyPlain!.reason).toContain('not JSON');
    expect((await t.app.inject({ method: 'POST', url: '/webhooks/instantly', headers: { 'content-type': 'text/plain' }, payload: 'hello' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/webhooks/instantly', headers: { 'content-type': 'application/json' }, payload: Buffer.alloc(1_048_577, 32) })).statusCode).toBe(413);
    const body = bounce('ada@acme.example');
    const headers = signed(body, t.clock.now());
    expect((await t.app.inject({ method: 'POST', url: '/webhooks/instantly', headers, payload: JSON.stringify(JSON.parse(body)) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/webhooks/instantly', headers, payload: JSON.stringify(JSON.parse(body), null, 1) })).statusCode).toBe(401);
  });

  it('never changes the store for arbitrary unauthenticated requests (but counts each refused one for the breaker)', async () => {
    t = await startWithRealIngress();
    const before = snapshotBesidesCounts(t.store);
    let unauthorized = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...WEBHOOK_PROVIDERS),
        fc.oneof(fc.json(), fc.string({ maxLength: 100 })),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        fc.dictionary(fc.constantFrom('x-webhook-secret', 'x-api-key', 'authorization', 'webhook-signature'), fc.string({ maxLength: 30 })),
        async (provider, payload, contentType, headers) => {
          const response = await t.app.inject({ method: 'POST', url: `/webhooks/${provider}?secret=nope`, headers: { ...headers, 'content-type': contentType }, payload });
          expect(response.statusCode).toBeGreaterThanOrEqual(400);
          expect(response.statusCode).toBeLessThan(500);
          if (response.statusCode === 401) unauthorized++;
        },
      ),
      { numRuns: 2000 },
    );
    expect(snapshotBesidesCounts(t.store)).toBe(before);
    expect((await t.services.webhookAuthFailures.count(t.clock.now()))._unsafeUnwrap()).toBe(unauthorized);
  }, 60_000);

  it('answers every authenticated delivery 200, whatever its body and content type: never 4xx, never 5xx', async () => {
    t = await startWithRealIngress();
    const credentials: Record<string, { query: string; headers: Record<string, string> }> = {
      instantly: { query: '', headers: { 'x-webhook-secret': SECRET } },
      clay: { query: '', headers: { 'x-api-key': SECRET } },
      heyreach: { query: `?secret=${SECRET}`, headers: {} },
      rb2b: { query: `?secret=${SECRET}`, headers: {} },
    };
    const shaped = fc.oneof(
      fc.record({ event_type: fc.oneof(fc.string(), fc.constantFrom('reply_received', 'link_clicked', 'email_bounced')), timestamp: fc.string(), lead_email: fc.oneof(fc.string(), fc.emailAddress()), step: fc.oneof(fc.string(), fc.integer()) }, { requiredKeys: [] }),
      fc.record({ event_type: fc.string(), lead: fc.record({ profile_url: fc.string() }, { requiredKeys: [] }), recent_messages: fc.array(fc.record({ message: fc.string(), is_reply: fc.boolean() })) }, { requiredKeys: [] }),
      fc.record({ rows: fc.array(fc.dictionary(fc.constantFrom('email', 'linkedin_url', 'company_name'), fc.string()), { maxLength: 3 }) }),
      fc.record({ 'LinkedIn URL': fc.string(), 'Business Email': fc.string(), 'Seen At': fc.string() }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('instantly', 'clay', 'heyreach', 'rb2b'),
        fc.oneof(fc.json(), shaped.map((v) => JSON.stringify(v)), fc.string({ maxLength: 80 })),
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8'),
        async (provider, payload, contentType) => {
          const c = credentials[provider]!;
          const response = await t.app.inject({ method: 'POST', url: `/webhooks/${provider}${c.query}`, headers: { ...c.headers, 'content-type': contentType }, payload });
          expect(response.statusCode).toBe(200);
        },
      ),
      { numRuns: 400 },
    );
  }, 60_000);
});
