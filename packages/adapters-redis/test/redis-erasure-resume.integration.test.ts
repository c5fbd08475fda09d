import { createRedisClient, initializeRedisEpoch, openRedisStateStore, type RedisClient, type RedisStateStore } from '@caio/adapters-redis';
import { planErasure, type AuditEntry, type ErasurePlan, type LeadId, type TraceId } from '@caio/core';
import { aCard, aLead, AT, aTrace, ManualClock, OwnCluster } from '@caio/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisErasure } from '../src/redis-erasure.js';
import { monitorCommandsOn, ownRedisWithClients, type SeenCommand, type WatchedServer } from './redis-test-support.js';

/**
 * An erasure is resumed from its intent at every (re)connection of the store. These tests
 * hold that to "one run at a time": a run side by side with another (the open's own check
 * and the one its connection's `ready` asks for, or a reconnection while this process
 * erases) would scrub records written after the first run returned. On a redis-server of
 * the file's own, so MONITOR sees this store's commands only.
 */
let own: Awaited<ReturnType<typeof ownRedisWithClients>>;
let cluster: OwnCluster;
let clusterWatch: WatchedServer[];
let prefixes = 0;

beforeAll(async () => {
  own = await ownRedisWithClients(2);
  cluster = await OwnCluster.start();
  clusterWatch = cluster.nodes.map((n) => ({ admin: new Redis(n.url), markers: new Redis(n.url) }));
}, 60_000);
afterAll(async () => {
  for (const w of clusterWatch ?? []) for (const c of [w.admin, w.markers]) c.disconnect();
  await own?.stop();
  await cluster?.stop();
});

/** Where a store runs: its connection and the servers to watch (every master of a cluster). */
const targets = {
  'one server': () => ({ connection: { url: own.server.url }, watched: [{ admin: own.clients[0]!, markers: own.clients[1]! }] }),
  'a cluster': () => ({ connection: { cluster: { nodes: cluster.nodes.map((n) => ({ host: '127.0.0.1', port: n.port })) } }, watched: clusterWatch }),
};
type Target = keyof typeof targets;

const SECRET = 'an-erasure-secret-for-tests';
type Connection = ReturnType<(typeof targets)[Target]>['connection'];
const open = async (connection: Connection, keyPrefix: string): Promise<RedisStateStore> => (await openRedisStateStore({ ...connection, keyPrefix, clock: new ManualClock(AT) }))._unsafeUnwrap();
const newStore = async (connection: Connection): Promise<RedisStateStore> => {
  const keyPrefix = `resume-${prefixes++}`;
  (await initializeRedisEpoch({ ...connection, keyPrefix }, { witnessed: null }))._unsafeUnwrap();
  return open(connection, keyPrefix);
};
const client = async (connection: Connection): Promise<RedisClient> => {
  const redis = createRedisClient(connection);
  await redis.connect();
  return redis;
};

/** Zed, with an unsent card and an audit entry naming them; the plan of their erasure. */
const seeded = async (store: RedisStateStore): Promise<ErasurePlan> => {
  const lead = (await store.putLead(aLead('lead_zed', { email: 'zed@zeta.example', linkedinUrl: 'linkedin.com/in/zed-zeta' }), null))._unsafeUnwrap();
  (await store.putCard(aCard('card_zed', lead), null))._unsafeUnwrap();
  (await store.appendAudit(auditAbout('au_before', lead.id)))._unsafeUnwrap();
  return planErasure(SECRET, { lead, aliases: [], keys: [] }, 'DSR-1', AT);
};
const auditAbout = (id: string, leadId: LeadId): AuditEntry => ({ id, trace: { ...aTrace(), traceId: 'trace_zed' as TraceId }, action: 'reply.handled', leadId, identityKeys: ['email:zed@zeta.example' as never], detail: {} });
const pendingErasures = (redis: RedisClient, store: RedisStateStore): Promise<number> => redis.hlen(store.keys.erasuresPending());
const isEcho = (c: SeenCommand, marker: string): boolean => c.name === 'echo' && c.args[1] === marker;
/** A server's commands before and after the echo `marker`, leaving out the cluster client's own look at the slots. */
const splitAt = (commands: readonly SeenCommand[], marker: string) => {
  const at = commands.findIndex((c) => isEcho(c, marker));
  const ours = (list: readonly SeenCommand[]) => list.filter((c) => c.name !== 'cluster');
  return { before: ours(commands.slice(0, at)), after: ours(commands.slice(at + 1)) };
};

describe('Redis: resuming an interrupted erasure', () => {
  // Which check comes first, the open's or the one 'ready' asks for, differs by client: on a
  // cluster the open's does, and the other one ran on after the open returned.
  it.each(Object.keys(targets) as Target[])('on %s, a start runs the erasure a crash interrupted once, and has finished it, with no check left running, when the open returns', async (name) => {
    const { connection, watched } = targets[name]();
    const crashed = await newStore(connection);
    const plan = await seeded(crashed);
    const redis = await client(connection);
    await new RedisErasure(redis, crashed.keys, async () => [], async () => []).begin(plan);
    await crashed.close();

    let restarted: RedisStateStore | undefined;
    let pendingAtOpen = -1;
    const seen = await monitorCommandsOn(watched, async () => {
      restarted = await open(connection, crashed.keys.prefix);
      pendingAtOpen = await pendingErasures(redis, crashed);
      for (const w of watched) await w.markers.echo('opened');
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect(pendingAtOpen).toBe(0);
    const split = seen.map((commands) => splitAt(commands, 'opened'));
    // Writing the intent again is the resumed run's first step: one run, not one per check.
    expect(split.flatMap((s) => s.before).filter((c) => c.name === 'hset' && c.args[1] === crashed.keys.erasuresPending())).toHaveLength(1);
    expect(split.map((s) => s.after)).toEqual(watched.map(() => []));
    expect((await restarted!.getLead('lead_zed' as LeadId))._unsafeUnwrap()).toBeNull();
    redis.disconnect();
    await restarted!.close();
  });

  it('a reconnection while this process erases leaves the erasure to its run: a record written after it returned stays as written', async () => {
    const { connection } = targets['one server']();
    const store = await newStore(connection);
    const plan = await seeded(store);
    const redis = await client(connection);
    // The run holds between its steps (after deleting the lead, before reading its cards) until released.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const loadLeads = async (ids: readonly string[]) => Promise.all(ids.map(async (id) => (await store.getLead(id as LeadId))._unsafeUnwrap()));
    const loadCards = async (ids: readonly string[]) => {
      await held;
      return Promise.all(ids.map(async (id) => (await store.getCard(id as never))._unsafeUnwrap()));
    };
    const running = new RedisErasure(redis, store.keys, loadLeads, loadCards).erase(plan);
    await expect.poll(() => pendingErasures(redis, store)).toBe(1);

    // What every (re)connection runs: the erasure in progress here is not run a second time.
    expect((await store.completeInterrupted()).erasures).toBe(0);
    expect(await pendingErasures(redis, store)).toBe(1);

    release();
    const report = await running;
    expect(report).toMatchObject({ leads: 1, cardsDeleted: 1 });
    expect(await pendingErasures(redis, store)).toBe(0);
    (await store.appendAudit(auditAbout('au_after', 'lead_zed' as LeadId)))._unsafeUnwrap();
    expect((await store.completeInterrupted()).erasures).toBe(0);
    const log = (await store.listAuditHead(10))._unsafeUnwrap();
    expect(log.map((e) => [e.id, e.leadId, e.identityKeys])).toEqual([
      ['au_before', 'lead_zed', [expect.stringMatching(/^\[erased:/)]],
      ['au_after', 'lead_zed', ['email:zed@zeta.example']],
    ]);
    expect((await store.listAuditByKey('email:zed@zeta.example' as never, 10))._unsafeUnwrap().map((e) => e.id)).toEqual(['au_after']);
    redis.disconnect();
    await store.close();
  });

  it('two runs of one erasure side by side (another instance resuming it) both complete, with the records of one run', async () => {
    const { connection } = targets['one server']();
    const reference = await newStore(connection);
    (await reference.erasePerson(await seeded(reference)))._unsafeUnwrap();

    const store = await newStore(connection);
    const plan = await seeded(store);
    const [redisA, redisB] = [await client(connection), await client(connection)];
    const loadLeads = async (ids: readonly string[]) => Promise.all(ids.map(async (id) => (await store.getLead(id as LeadId))._unsafeUnwrap()));
    const loadCards = async (ids: readonly string[]) => Promise.all(ids.map(async (id) => (await store.getCard(id as never))._unsafeUnwrap()));
    await Promise.all([redisA, redisB].map((redis) => new RedisErasure(redis, store.keys, loadLeads, loadCards).erase(plan)));
    const exported = async (s: RedisStateStore) => JSON.stringify((await s.exportRecords())._unsafeUnwrap());
    expect(await exported(store)).toBe(await exported(reference));
    expect(await pendingErasures(redisA, store)).toBe(0);
    for (const r of [redisA, redisB]) r.disconnect();
    await reference.close();
    await store.close();
  });
});

