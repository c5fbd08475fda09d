import { FileStateStore } from '@caio/adapters-file';
import { initializeRedisEpoch, openRedisStateStore } from '@caio/adapters-redis';
import { leadKeys, type Channel, type LeadId, type StateStore } from '@caio/core';
import { InMemoryStateStore, ManualClock } from '@caio/testkit';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeRedisPrefixes, TEST_REDIS_URL } from '../support/redis-cleanup.js';
import { approve, cadenceTick, craft, erase, importRow, judgeDeliveries, makeIdentityWorld, runBatch, suppress, type IdentityWorld, type Row } from './identity-world.js';

type Cmd = fc.AsyncCommand<object, IdentityWorld>;

/** Every step is judged at once: a violation names the step that caused it. */
const step = (label: string, body: (world: IdentityWorld) => Promise<void>): Cmd => ({
  check: () => true,
  run: async (_model, world) => {
    await body(world);
    judgeDeliveries(world);
    expect(world.model.violations, label).toEqual([]);
  },
  toString: () => label,
});

const arbRow: fc.Arbitrary<Row> = fc
  .record({
    person: fc.integer({ min: 0, max: 2 }),
    email: fc.boolean(),
    linkedin: fc.boolean(),
    providerId: fc.boolean(),
    upper: fc.boolean(),
    urlVariant: fc.integer({ min: 0, max: 3 }),
    otherEmail: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  })
  .filter((r) => r.email || r.linkedin);

const CHANNELS: readonly Channel[] = ['ghl_email', 'instantly', 'heyreach'];

const commands = fc.commands(
  [
    fc.tuple(arbRow, fc.constantFrom('import' as const, 'clay' as const, 'rb2b' as const)).map(([row, via]) => step(`${via}(${JSON.stringify(row)})`, (w) => importRow(w, row, via))),
    fc.tuple(fc.nat(9), fc.constantFrom(...CHANNELS)).map(([pick, channel]) => step(`craft(${pick},${channel})`, (w) => craft(w, pick, channel))),
    fc.tuple(fc.nat(9), fc.constantFrom(...CHANNELS)).map(([pick, channel]) => step(`craft(${pick},${channel})`, (w) => craft(w, pick, channel))),
    fc.tuple(fc.nat(9), fc.integer({ min: 1, max: 3 })).map(([pick, count]) => step(`approve(${pick},${count})`, (w) => approve(w, pick, count))),
    fc.constant(step('batch', runBatch)),
    fc.constant(step('batch', runBatch)),
    fc.constant(step('cadence tick', cadenceTick)),
    fc.tuple(fc.integer({ min: 0, max: 2 }), fc.boolean()).map(([person, byDomain]) => step(`suppress(${person},${byDomain ? 'domain' : 'email'})`, (w) => suppress(w, person, byDomain))),
    fc.integer({ min: 0, max: 2 }).map((person) => step(`erase(${person})`, (w) => erase(w, person))),
  ],
  { maxCommands: 40, size: 'large' },
);

/** After a run: every lead id ever named resolves to a live lead, and each connected identity is one lead. */
const checkIdentities = async (world: IdentityWorld): Promise<void> => {
  const { store } = world.deps;
  for (const id of world.model.leadIds) {
    const resolved = (await store.resolveLeadId(id as LeadId))._unsafeUnwrap();
    expect(resolved, `lead ${id} resolves`).not.toBeNull();
    expect((await store.getLead(id as LeadId))._unsafeUnwrap()?.id).toBe(resolved);
  }
  const live = (await store.listLeads({ limit: 1000 }))._unsafeUnwrap().items;
  const owners = new Map<string, string>();
  for (const lead of live) {
    for (const key of leadKeys(lead)) {
      const root = world.model.find(key);
      const owner = owners.get(root);
      expect(owner === undefined || owner === lead.id, `${key}'s person is one lead (${owner} and ${lead.id})`).toBe(true);
      owners.set(root, lead.id);
    }
  }
};

const runModel = (open: () => Promise<{ store: StateStore; clock: ManualClock; dispose: () => Promise<void> }>, numRuns: number) =>
  fc.assert(
    fc.asyncProperty(commands, async (cmds) => {
      const { store, clock, dispose } = await open();
      const world = makeIdentityWorld(store, clock);
      try {
        const controls = (await store.getControls())._unsafeUnwrap();
        await store.putControls({ ...controls, sendWindowOverride: true, version: controls.version + 1 }, controls.version);
        await fc.asyncModelRun(() => ({ model: {}, real: world }), cmds);
        await checkIdentities(world);
        coverage.runs++;
        if (Object.values(world.channels).some((c) => c.delivered.length > 0)) coverage.withSends++;
        if (world.model.touches.size > 0 && world.model.suppressedKeys.size + world.model.suppressedDomains.size > 0) coverage.withSendsAndSuppressions++;
        if (world.model.touches.size > 0 && world.model.erasedKeys.size > 0) coverage.withSendsAndErasures++;
      } finally {
        await store.close();
        await dispose();
      }
    }),
    { numRuns },
  );

/** How many runs exercised what the properties are about (a run that sends nothing proves little). */
const coverage = { runs: 0, withSends: 0, withSendsAndSuppressions: 0, withSendsAndErasures: 0 };

// Inside the default send window (Monday 15:30 in New York).
const START = '2026-03-02T20:30:00.000Z';

describe('one person, one first touch: a model over imports, webhooks, crafting, approvals, batches, cadence ticks, suppressions and erasures', () => {
  it('holds on the memory store (1000 runs)', async () => {
    await runModel(async () => {
      const clock = new ManualClock(START);
      return { store: new InMemoryStateStore(() => clock.now()), clock, dispose: async () => undefined };
    }, 1000);
    expect(coverage.withSends).toBeGreaterThan(100);
    expect(coverage.withSendsAndSuppressions).toBeGreaterThan(20);
    expect(coverage.withSendsAndErasures).toBeGreaterThan(20);
  }, 600_000);

  it('holds on the file store', async () => {
    await runModel(async () => {
      const clock = new ManualClock(START);
      const dir = mkdtempSync(join(tmpdir(), 'caio-identity-model-'));
      const store = (await FileStateStore.open({ dir, clock }))._unsafeUnwrap();
      return { store, clock, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    }, 40);
  }, 600_000);

  it('holds on Redis', async () => {
    let n = 0;
    await runModel(async () => {
      const clock = new ManualClock(START);
      const prefix = `caio-identity-model-${process.pid}-${Date.now()}-${n++}`;
      (await initializeRedisEpoch({ url: TEST_REDIS_URL, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
      const store = (await openRedisStateStore({ url: TEST_REDIS_URL, keyPrefix: prefix, clock }))._unsafeUnwrap();
      return { store, clock, dispose: () => removeRedisPrefixes([prefix]) };
    }, 40);
  }, 600_000);
});
