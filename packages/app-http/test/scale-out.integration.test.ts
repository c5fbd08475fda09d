import { initializeRedisEpoch, openRedisStateStore, type RedisConnection } from '@caio/adapters-redis';
import { signStandardWebhook } from '@caio/adapters-webhooks';
import { dayKey, initialControls, type Card, type Channel, type Lead, type StateStore, type StoreRecord } from '@caio/core';
import { aCard, aLead, FakeGhl, FakeHeyReach, FakeInstantly } from '@caio/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, startAppProcess, type AppProcess } from './support/app-process.js';
import { liveProviderEnv } from './support/live-provider-env.js';
import { providerTouches, type Touch } from './support/provider-touches.js';
import { redisWork, workPer, type RedisWork } from './support/redis-work.js';
import { untilWebhooksApplied } from './support/webhook-backlog.js';
import { topologies, waitUntil, type SharedRedis } from './support/shared-redis.js';

/*
 * Scale-out: three `caio serve` processes share one Redis, then a three-master Redis
 * Cluster, in live send mode against the fake providers. Everything that matters is
 * counted where it happens: the fakes' request logs (what reached a provider, and when)
 * and the shared store. Architecture section 6 invariants checked here: 1, 2, 3 (first
 * touches, counted at the providers), 4 (emergency stop), 5 (daily cap; the window is
 * overridden), 6 (snapshot drift), 7 (dry run), 8 (unmapped), 9 (suppression), 10
 * (unknown never retried), 11 (webhook auth and replays). 12 (dual store drift) does not
 * apply: these instances run `STATE_BACKEND=redis`.
 */

const TOKEN = 'scale-out-dashboard-token-0123456789';
const INSTANTLY_WHSEC = `whsec_${Buffer.from('scale-out-instantly-standard-webhooks').toString('base64')}`;
const OTHER_SECRET = 'scale-out-webhook-secret-0123456789';

const MEASURED_SENDS = 40;
/** Each scenario takes well under a second here; the margin is for a loaded 2-core machine. */
const TEST_MS = 20_000;
// Claims made before the stop scenario: 3 (webhook follow-up), the measured batch, 6 (GHL approvals), 12 (batch race).
const CLAIMS_BEFORE_STOP = 3 + MEASURED_SENDS + 6 + 12;
const CAP_ROOM_AFTER = 20;
const DAILY_CAP = CLAIMS_BEFORE_STOP + CAP_ROOM_AFTER;

type Json = Record<string, any>;

const api = async (instance: AppProcess, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
  const response = await fetch(`${instance.base}${path}`, {
    method,
    headers: { 'x-dashboard-token': TOKEN, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, body: (await response.json()) as Json };
};

const unsubscribe = (person: string): string => JSON.stringify({ timestamp: '2026-11-01T12:00:00.000Z', event_type: 'lead_unsubscribed', workspace: 'ws', campaign_id: 'cmp-1', lead_email: `${person}@acme.example` });

/** A Standard Webhooks delivery of Instantly; a provider's retry repeats the same id, timestamp and signature. */
const signed = (body: string, id: string) => {
  const timestamp = Math.floor(Date.now() / 1000);
  return { body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signStandardWebhook(INSTANTLY_WHSEC, id, timestamp, body) } };
};

const deliver = async (instance: AppProcess, delivery: { body: string; headers: Record<string, string> }): Promise<{ status: number; body: Json }> => {
  const response = await fetch(`${instance.base}/webhooks/instantly`, { method: 'POST', headers: delivery.headers, body: delivery.body, signal: AbortSignal.timeout(20_000) });
  return { status: response.status, body: (await response.json()) as Json };
};

describe.each(topologies)('three app instances on $name', ({ start }) => {
  let shared: SharedRedis | undefined;
  let ghl: FakeGhl;
  let instantly: FakeInstantly;
  let heyreach: FakeHeyReach;
  let store: StateStore;
  let instances: AppProcess[] = [];
  const dirs: string[] = [];
  const prefix = `caio-scale-${process.pid}`;
  const measured: Record<string, RedisWork | number> = {};

  const at = () => new Date().toISOString();
  const person = async (id: string): Promise<Lead> => {
    const lead = aLead(id, {}, at());
    (await store.putLead(lead, null))._unsafeUnwrap();
    return lead;
  };
  /** A card as a reviewer left it: approved (version 2), or pending for the approve route. */
  const card = async (lead: Lead, channel: Channel, campaignId?: string, approved = true): Promise<Card> => {
    const draft = aCard(`card_${lead.id}_${channel}`, lead, { channel, ...(campaignId ? { campaignId } : {}) }, at());
    const saved: Card = approved ? { ...draft, status: 'approved', approvedBy: 'reviewer', approvedAt: at(), version: 2 } : draft;
    return (await store.putCard(saved, null))._unsafeUnwrap();
  };
  const records = async (): Promise<readonly StoreRecord[]> => (await store.exportRecords())._unsafeUnwrap();
  const instance = (i: number): AppProcess => instances[i % instances.length]!;

  /** Every first touch the fakes received, read from their request logs. */
  const touches = (): Touch[] => providerTouches({ ghl, instantly, heyreach });
  const touched = (group: string): string[] => touches().filter((t) => t.person.startsWith(group)).map((t) => t.person).sort();

  /** Invariants 1-3 over everything the providers received so far. */
  const assertFirstTouchInvariants = () => {
    const all = touches();
    const count = (key: (t: Touch) => string) => all.reduce((m, t) => m.set(key(t), (m.get(key(t)) ?? 0) + 1), new Map<string, number>());
    // 1. No card is sent twice (each person has at most one card per provider here).
    expect([...count((t) => `${t.provider} ${t.person}`)].filter(([, n]) => n > 1)).toEqual([]);
    // 2. No lead gets two first touches, across channels.
    expect([...count((t) => t.person)].filter(([, n]) => n > 1)).toEqual([]);
    // 3. A lead first touched via GHL is never sent via Instantly or HeyReach.
    const viaGhl = new Set(all.filter((t) => t.provider === 'ghl').map((t) => t.person));
    expect(all.filter((t) => t.provider !== 'ghl' && viaGhl.has(t.person))).toEqual([]);
  };

  beforeAll(async () => {
    buildApp();
    shared = await start();
    [ghl, instantly, heyreach] = await Promise.all([new FakeGhl().start(), new FakeInstantly().start(), new FakeHeyReach().start()]);
    (await initializeRedisEpoch({ ...shared.connection, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
    store = (await openRedisStateStore({ ...shared.connection, keyPrefix: prefix }))._unsafeUnwrap();
    // Supervised mode with the window overridden, as every instance is configured (so none rewrites the controls at start).
    (await store.putControls({ ...initialControls(at()), sendWindowOverride: true, version: 1 }, 0))._unsafeUnwrap();
    const env = (dir: string): Record<string, string> => ({
      STATE_BACKEND: 'redis',
      ...shared!.env,
      REDIS_KEY_PREFIX: prefix,
      STATE_DIR: dir,
      ...liveProviderEnv({ ghl, instantly, heyreach }),
      SEND_TIMEZONE: 'UTC',
      SUPERVISED_SEND_WINDOW_OVERRIDE: 'true',
      DAILY_SEND_CAP: String(DAILY_CAP),
      DASHBOARD_AUTH_TOKEN: TOKEN,
      INSTANTLY_STANDARD_WEBHOOK_SECRET: INSTANTLY_WHSEC,
      CLAY_WEBHOOK_SECRET: OTHER_SECRET,
      RB2B_WEBHOOK_SECRET: OTHER_SECRET,
      HEYREACH_WEBHOOK_SECRET: OTHER_SECRET,
      GHL_STANDARD_WEBHOOK_SECRET: INSTANTLY_WHSEC,
      LOG_LEVEL: 'warn',
      // These scenarios batch by hand; the dispatcher's own batches are tested on their own.
      SCHEDULED_WORK_ENABLED: 'false',
    });
    for (let i = 0; i < 3; i++) dirs.push(mkdtempSync(join(tmpdir(), `caio-scale-${i}-`)));
    const started = await Promise.allSettled(dirs.map((dir, i) => startAppProcess(`app${i}`, env(dir))));
    instances = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason; // afterAll stops the ones that did start
  }, 90_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await store?.close();
    await Promise.all([ghl?.stop(), instantly?.stop(), heyreach?.stop()]);
    await shared?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    // The measured Redis cost, for docs/scaling.md.
    console.info(`redis commands measured: ${JSON.stringify(measured)}`);
  }, 30_000);

  it('every instance is ready on the shared store, in live mode', async () => {
    for (const i of instances) {
      const ready = await fetch(`${i.base}/readyz`).then((r) => r.json() as Promise<Json>);
      expect(ready, i.output()).toMatchObject({ ready: true, store: { ok: true, backend: 'redis' }, send_mode: 'live', emergency_stop: false });
    }
  }, TEST_MS);

  it('webhooks spread over the instances take effect once, replays to other instances change nothing, and a suppression is honoured by every instance (invariants 9, 11)', async () => {
    const people = await Promise.all(['w00', 'w01', 'w02', 'w03', 'w04', 'w05'].map(person));
    const cards = await Promise.all(people.map((p) => card(p, 'instantly', 'cmp-1')));

    // 11. A delivery that fails auth changes nothing, whichever instance gets it.
    const before = await records();
    for (const i of instances) {
      const forged = { ...signed(unsubscribe('w03'), 'msg_forged'), headers: { ...signed(unsubscribe('w03'), 'msg_forged').headers, 'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')}` } };
      expect((await deliver(i, forged)).status).toBe(401);
    }
    expect(await records()).toEqual(before);

    // Three events, each first delivered to a different instance, all at once...
    const events = ['w00', 'w01', 'w02'].map((p) => signed(unsubscribe(p), `msg_${p}`));
    const beforeFirst = redisWork(shared!.ports);
    const first = await Promise.all(events.map((e, n) => deliver(instance(n), e)));
    measured.perUnsubscribe = workPer(shared!.ports, beforeFirst, events.length);
    // Recorded with the answer; the unsubscribes are applied in the background, by whichever instance's applier claims each.
    expect(first.map((r) => [r.status, r.body.pending])).toEqual([
      [200, 1],
      [200, 1],
      [200, 1],
    ]);
    await untilWebhooksApplied(store);
    // ...then replayed, byte for byte, to the two other instances at once.
    const beforeReplays = redisWork(shared!.ports);
    const replays = await Promise.all(events.flatMap((e, n) => [deliver(instance(n + 1), e), deliver(instance(n + 2), e)]));
    measured.perReplay = workPer(shared!.ports, beforeReplays, replays.length);
    expect(replays.map((r) => [r.status, r.body.applied, r.body.pending, r.body.duplicates])).toEqual(Array.from({ length: 6 }, () => [200, 0, 0, 1]));

    // The same event reaching all three instances at the same moment (a provider retrying
    // a slow delivery): one records it (an open: applied with its audit entry in the same
    // write), the others answer duplicate.
    const simultaneous = Array.from({ length: 5 }, (_, n) => signed(JSON.stringify({ timestamp: `2026-11-01T13:00:0${n}.000Z`, event_type: 'email_opened', workspace: 'ws', campaign_id: 'cmp-1', lead_email: 'w03@acme.example' }), `msg_open_${n}`));
    for (const e of simultaneous) {
      const answers = await Promise.all(instances.map((i) => deliver(i, e)));
      expect(answers.filter((a) => a.status === 200 && a.body.applied === 1), JSON.stringify(answers)).toHaveLength(1);
      expect(answers.every((a) => a.status === 200 && (a.body.applied === 1 || a.body.duplicates === 1))).toBe(true);
    }
    const opened = (await store.listAudit({ limit: 10_000 }))._unsafeUnwrap().filter((e) => e.action === 'webhook.EmailOpened');
    expect(opened).toHaveLength(simultaneous.length);

    // Each event took effect exactly once: one audit entry each, the three people suppressed.
    const applied = (await store.listAudit({ limit: 10_000 }))._unsafeUnwrap().filter((e) => e.action === 'webhook.Unsubscribed');
    expect(applied.map((e) => e.eventId).sort()).toEqual(first.map((r) => r.body.events[0].eventId).sort());
    const suppressed = (await store.findSuppressions(people.flatMap((p) => [`email:${p.identity.email}`]) as never))._unsafeUnwrap();
    expect([...new Set(suppressed.map((s) => s.target))].sort()).toEqual(['email:w00@acme.example', 'email:w01@acme.example', 'email:w02@acme.example']);

    // 9. Suppressions written through instances 0-2 are honoured by another instance's batch.
    const batch = await api(instance(1), 'POST', '/api/batches', { card_ids: cards.map((c) => c.id) });
    expect(batch.status).toBe(201);
    const run = await api(instance(2), 'POST', `/api/batches/${batch.body.batch.id}/execute`, { wait: true });
    expect(run.status).toBe(200);
    const results = Object.fromEntries(run.body.outcomes.map((o: Json) => [o.cardId, `${o.result}${o.detail ? ` ${o.detail}` : ''}`]));
    expect(results).toEqual({
      card_w00_instantly: 'denied suppressed',
      card_w01_instantly: 'denied suppressed',
      card_w02_instantly: 'denied suppressed',
      card_w03_instantly: 'sent',
      card_w04_instantly: 'sent',
      card_w05_instantly: 'sent',
    });
    expect(touched('w')).toEqual(['w03', 'w04', 'w05']);
  }, TEST_MS);

  it('what one send and one webhook cost the shared Redis: a batch on one instance, webhooks spread over all three (measured)', async () => {
    const people = await Promise.all(Array.from({ length: MEASURED_SENDS }, (_, n) => person(`m${String(n).padStart(2, '0')}`)));
    const cards = await Promise.all(people.map((p) => card(p, 'instantly', 'cmp-2')));
    const batch = await api(instance(0), 'POST', '/api/batches', { card_ids: cards.map((c) => c.id) });
    const beforeSends = redisWork(shared!.ports);
    const started = performance.now();
    const run = await api(instance(1), 'POST', `/api/batches/${batch.body.batch.id}/execute`, { wait: true });
    // Reported, never asserted: how fast one execution dispatches against a local fake.
    measured.executionSendsPerSecond = Math.round(MEASURED_SENDS / ((performance.now() - started) / 1000));
    const perSend = workPer(shared!.ports, beforeSends, MEASURED_SENDS);
    measured.perSend = perSend;
    expect(run.body.outcomes.map((o: Json) => o.result)).toEqual(Array.from({ length: MEASURED_SENDS }, () => 'sent'));
    expect(touched('m')).toHaveLength(MEASURED_SENDS);

    // The commonest deliveries, "sent" and "opened", one of each per person, round robin over the instances.
    const events = people.flatMap((p) => ['email_sent', 'email_opened'].map((type) => JSON.stringify({ timestamp: at(), event_type: type, workspace: 'ws', campaign_id: 'cmp-2', lead_email: p.identity.email })));
    const beforeWebhooks = redisWork(shared!.ports);
    const delivered = await Promise.all(events.map((body, n) => deliver(instance(n), signed(body, `msg_m${n}`))));
    // Opens are applied with the answer, sends (a reconciliation) in the background: counted once applied.
    expect(delivered.every((d) => d.status === 200 && d.body.applied + d.body.pending === 1)).toBe(true);
    await untilWebhooksApplied(store);
    const perWebhook = workPer(shared!.ports, beforeWebhooks, events.length);
    measured.perWebhook = perWebhook;

    // What an idle instance costs: a readiness probe.
    const beforeProbes = redisWork(shared!.ports);
    for (let n = 0; n < 30; n++) expect((await fetch(`${instance(n).base}/readyz`)).status).toBe(200);
    measured.perReadyProbe = workPer(shared!.ports, beforeProbes, 30);

    // Loose ceilings: a regression that multiplies the cost shows here (measured: about 95 and 24).
    expect(perSend.commands).toBeLessThan(150);
    expect(perWebhook.commands).toBeLessThan(60);
  }, TEST_MS);

  it('approvals of the same GHL cards raced on all three instances send each card once (invariants 1-3)', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, (_, n) => person(`g${String(n).padStart(2, '0')}`)));
    const ghlCards = await Promise.all(people.map((p) => card(p, 'ghl_email', undefined, false)));
    // The same people also have approved Instantly and HeyReach cards, which must never go out.
    for (const p of people) {
      await card(p, 'instantly', 'cmp-1');
      await card(p, 'heyreach', '4242');
    }
    const approvals = await Promise.all(ghlCards.flatMap((c) => instances.map((i) => api(i, 'POST', `/api/cards/${c.id}/approve`))));
    const sent = approvals.filter((a) => a.body.send?.result === 'sent');
    expect(sent.length, JSON.stringify(approvals.map((a) => [a.status, a.body.error ?? a.body.send?.result]))).toBe(6);
    expect(sent.every((a) => a.body.message === 'Email sent via GHL')).toBe(true);
    // The losers lost the approval race (409 VersionConflict), came after the winner had
    // already moved the card on to sending or sent (409 IllegalTransition, or a dispatch
    // that found the card no longer approved: denied, not_approved), or found the card
    // claimed by the winner (200, refused), on whichever instance. Which one depends on
    // timing; none of them sends.
    const losers = approvals.filter((a) => a.body.send?.result !== 'sent');
    expect(losers).toHaveLength(12);
    const lost = (a: (typeof approvals)[number]) =>
      (a.status === 409 && ['VersionConflict', 'IllegalTransition'].includes(a.body.error)) ||
      (a.status === 200 && a.body.send?.result === 'refused') ||
      (a.status === 200 && a.body.send?.result === 'denied' && a.body.send.denials.every((d: Json) => d.rule === 'not_approved'));
    expect(losers.every(lost), JSON.stringify(losers.map((a) => [a.status, a.body.error ?? a.body.send]))).toBe(true);
    expect(touched('g')).toEqual(['g00', 'g01', 'g02', 'g03', 'g04', 'g05']);
    assertFirstTouchInvariants();
  }, TEST_MS);

  it('overlapping batches raced across the instances: each card at most once, each person one first touch, drift, unmapped and unknown respected (invariants 1-3, 6-8, 10)', async () => {
    const bPeople = await Promise.all(Array.from({ length: 12 }, (_, n) => person(`b${String(n).padStart(2, '0')}`)));
    const ids: string[] = [];
    for (const p of bPeople) ids.push((await card(p, 'instantly', 'cmp-1')).id, (await card(p, 'heyreach', '4242')).id);
    // The g people's Instantly and HeyReach cards (they were first touched via GHL above).
    for (let n = 0; n < 6; n++) ids.push(`card_g0${n}_instantly`, `card_g0${n}_heyreach`);
    const unmapped = await card(await person('u00'), 'instantly', 'cmp-unmapped');
    const drifting = await card(await person('d00'), 'instantly', 'cmp-1');
    ids.push(unmapped.id, drifting.id);

    // Three overlapping snapshots, taken on the three instances at once.
    const slices = [ids.slice(0, 26), ids.slice(12), [...ids].reverse()];
    const batches = await Promise.all(slices.map((cardIds, n) => api(instance(n), 'POST', '/api/batches', { card_ids: cardIds })));
    expect(batches.map((b) => b.status)).toEqual([201, 201, 201]);
    // 8. The unmapped card was separated, never batched.
    for (const b of batches) expect(b.body.batch.items.map((i: Json) => i.cardId)).not.toContain(unmapped.id);
    expect((await store.getCard(unmapped.id))._unsafeUnwrap()?.status).toBe('separated');

    // 7. A dry run, on yet another instance, leaves the store unchanged.
    const before = await records();
    const dry = await api(instance(2), 'POST', `/api/batches/${batches[0]!.body.batch.id}/execute`, { dry_run: true });
    expect(dry.body.dry_run).toBe(true);
    expect(await records()).toEqual(before);

    // 6. The drifting card's content changes after the snapshots.
    (await store.putCard({ ...drifting, body: `${drifting.body} Edited after the snapshot.`, contentDigest: `${drifting.contentDigest}-edited`, version: drifting.version + 1 }, drifting.version))._unsafeUnwrap();

    // 10. The first Instantly send is cut after the provider read it: an unknown outcome.
    instantly.inject('POST /leads', { resetAfterRead: true });
    const mark = instantly.requests.length;

    // Every batch executed on two instances at once: six executions racing over 39 cards.
    const runs = await Promise.all(batches.flatMap((b, n) => [api(instance(n), 'POST', `/api/batches/${b.body.batch.id}/execute`, { wait: true }), api(instance(n + 1), 'POST', `/api/batches/${b.body.batch.id}/execute`, { wait: true })]));
    // A loser finds the batch leased elsewhere (409 BatchBusy) or already executed.
    expect(runs.every((r) => r.status === 200 || (r.status === 409 && r.body.error === 'BatchBusy')), JSON.stringify(runs.map((r) => r.status))).toBe(true);

    const unknownPerson = String((instantly.requests[mark]!.body as Json).email).split('@')[0]!;
    const unknownEntry = (await store.getLedgerEntry(`card_${unknownPerson}_instantly` as never, 0))._unsafeUnwrap();
    expect(unknownEntry?.state).toBe('unknown');
    // Every b person got exactly one first touch, through one provider; nobody else did.
    expect(touched('b')).toEqual(bPeople.map((p) => p.id).sort());
    expect(touched('d')).toEqual([]);
    expect(touched('u')).toEqual([]);
    expect(touched('g')).toEqual(['g00', 'g01', 'g02', 'g03', 'g04', 'g05']);
    assertFirstTouchInvariants();
    // The drifting card was refused wherever it was dispatched.
    const driftOutcomes = runs.flatMap((r) => (r.body.outcomes ?? []) as Json[]).filter((o) => o.cardId === drifting.id);
    expect(driftOutcomes.length).toBeGreaterThan(0);
    expect(driftOutcomes.every((o) => o.result === 'snapshot_drift' || o.result === 'already_claimed')).toBe(true);
    expect(driftOutcomes.some((o) => o.result === 'snapshot_drift')).toBe(true);

    // Re-running every batch on every instance sends nothing more: the unknown is not retried.
    const sentBefore = touches().length;
    await Promise.all(batches.flatMap((b) => instances.map((i) => api(i, 'POST', `/api/batches/${b.body.batch.id}/execute`, { wait: true }))));
    expect(touches()).toHaveLength(sentBefore);
    expect((await store.getLedgerEntry(`card_${unknownPerson}_instantly` as never, 0))._unsafeUnwrap()?.state).toBe('unknown');
    expect((await store.countDaySends(dayKey(new Date(), 'UTC')))._unsafeUnwrap()).toBe(CLAIMS_BEFORE_STOP);
  }, TEST_MS);

  it('the emergency stop engaged through one instance is honoured by all: after its acknowledgement only calls already in flight arrive, then the daily cap holds across instances (invariants 4, 5)', async () => {
    const groups = [0, 1, 2].map((g) => Array.from({ length: 12 }, (_, n) => `s${g}${String(n).padStart(2, '0')}`));
    const batchIds: string[] = [];
    for (const [g, group] of groups.entries()) {
      const cards = await Promise.all(group.map(async (id) => card(await person(id), 'instantly', 'cmp-2')));
      batchIds.push((await api(instance(g), 'POST', '/api/batches', { card_ids: cards.map((c) => c.id) })).body.batch.id);
    }
    // Pace the provider (60 ms per lead) so the stop lands mid-dispatch.
    instantly.inject('POST /leads', ...Array.from({ length: 36 }, () => ({ delayMs: 60 })));
    const mark = instantly.requests.length;
    const since = () => instantly.requests.slice(mark);

    // Group g executed as a job (any instance's worker), one card at a time (a batch job's concurrency is 1).
    const executions = batchIds.map((id, g) => api(instance(g), 'POST', `/api/batches/${id}/execute`, { wait: true }));
    await waitUntil(() => since().length >= 4, 15_000, 'the first sends');
    const engaged = await api(instance(0), 'POST', '/api/controls/emergency-stop', { engaged: true, reason: 'scale-out drill' });
    const acknowledgedAt = Date.now();
    expect(engaged.status).toBe(200);
    const stopped = await Promise.all(executions);
    await new Promise((r) => setTimeout(r, 200));

    // 4. After the acknowledgement, at most the one call each instance had in flight.
    const late = since().filter((r) => r.at > acknowledgedAt);
    for (const [g, group] of groups.entries()) {
      const lateOfInstance = late.filter((r) => group.includes(String((r.body as Json).email).split('@')[0]!));
      expect(lateOfInstance.length, `instance ${g} after the stop`).toBeLessThanOrEqual(1);
    }
    // Every instance saw the stop before its next item: each deferred the rest of its batch.
    for (const run of stopped) {
      expect(run.status).toBe(200);
      expect(run.body.outcomes.some((o: Json) => o.result === 'skipped')).toBe(true);
    }
    const sentBeforeRelease = touched('s').length;
    expect(sentBeforeRelease).toBeLessThan(36);
    for (const i of instances) expect(await fetch(`${i.base}/readyz`).then((r) => r.json() as Promise<Json>)).toMatchObject({ emergency_stop: true });

    // 5. Released through another instance; every batch resumed on two other instances at once.
    expect((await api(instance(1), 'POST', '/api/controls/emergency-stop', { engaged: false, reason: 'drill over' })).status).toBe(200);
    const resumed = await Promise.all(batchIds.flatMap((id, g) => [api(instance(g + 1), 'POST', `/api/batches/${id}/execute`, { wait: true }), api(instance(g + 2), 'POST', `/api/batches/${id}/execute`, { wait: true })]));
    expect(resumed.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const claimsToday = (await store.countDaySends(dayKey(new Date(), 'UTC')))._unsafeUnwrap();
    expect(claimsToday).toBe(DAILY_CAP);
    // Nothing beyond the cap reached a provider; the cap stopped the resume short of the 36.
    expect(touches().length).toBeLessThanOrEqual(DAILY_CAP);
    expect(touched('s').length).toBeGreaterThan(sentBeforeRelease);
    expect(touched('s').length).toBeLessThan(36);
    assertFirstTouchInvariants();
  }, TEST_MS);
});
