import {
  approveCard,
  contentDigest,
  createBatch,
  createCard,
  executeBatch,
  ingestWebhookEvents,
  qualityPassed,
  recoverStaleSending,
  rejectCard,
  resolveUnknownSend,
  setEmergencyStop,
  upsertLead,
  type Batch,
  type BatchId,
  type CardId,
  type EventId,
  type Lead,
  type TraceEnvelope,
  type TraceId,
} from '@caio/core';
import { arbCardSpec, arbLeadIdentity, PEOPLE, SimulatedCrash, type CardSpec, type FakeBehaviour, type LeadIdentityInput, type StoreMethod } from '@caio/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invariantViolations } from './check-invariants.js';
import { makeWorld, type World } from './world.js';

interface Model {
  leads: Lead[];
  cards: CardId[];
  batches: BatchId[];
  /** Cards frozen in some batch: edits aim here, so snapshot drift is exercised. */
  batched: CardId[];
  events: number;
}

interface Real {
  world: World;
  batches: Batch[];
}

const trace = (world: World, actor = 'reviewer'): TraceEnvelope => ({
  traceId: `trace_${world.clock.now().getTime()}` as TraceId,
  actor,
  at: world.clock.now().toISOString(),
  origin: 'test',
});

const pick = <T>(list: readonly T[], index: number): T | undefined => (list.length ? list[index % list.length] : undefined);

/** Runs a use case the way a process does: a simulated crash unwinds it, nothing else may throw. */
const survive = async (work: () => unknown): Promise<void> => {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof SimulatedCrash)) throw error;
    // A real crash stops every worker; in one test process a sibling worker's promise
    // runs on. Let it settle (the in-memory store only uses microtasks) before going on.
    await new Promise((resolve) => setImmediate(resolve));
  }
};

const assertInvariants = (real: Real): void => {
  expect(invariantViolations(real.world, real.batches)).toEqual([]);
};

type Cmd = fc.AsyncCommand<Model, Real, boolean>;

class AddLead implements Cmd {
  constructor(readonly identity: LeadIdentityInput) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const result = await upsertLead(
      real.world.deps,
      { ...this.identity, source: 'clay', sourceLabel: 'acme', tier: 'tier_1', firstName: PEOPLE[this.identity.person]!.local },
      trace(real.world, 'webhook:clay'),
    );
    if (result.isOk() && !model.leads.some((l) => l.id === result.value.lead.id)) model.leads.push(result.value.lead);
    assertInvariants(real);
  }
  toString = () => `AddLead(${JSON.stringify(this.identity)})`;
}

class DraftCard implements Cmd {
  constructor(
    readonly leadIndex: number,
    readonly spec: CardSpec,
  ) {}
  check = (m: Readonly<Model>) => m.leads.length > 0;
  async run(model: Model, real: Real) {
    const stored = await real.world.deps.store.getLead(pick(model.leads, this.leadIndex)!.id);
    const lead = stored.isOk() ? stored.value : null;
    if (!lead) return;
    const keys = [...(lead.identity.email ? [`email:${lead.identity.email}`] : []), ...(lead.identity.linkedin ? [`linkedin:${lead.identity.linkedin}`] : [])];
    const campaignId =
      this.spec.campaign === 'missing' ? undefined : this.spec.campaign === 'unknown' ? 'cmp-unknown' : this.spec.channel === 'heyreach' ? '4242' : 'cmp-mapped';
    const id = real.world.deps.ids.next('card') as CardId;
    const card = createCard(
      id,
      {
        leadId: lead.id,
        leadKeys: keys as never,
        tier: this.spec.tier,
        channel: this.spec.channel,
        ...(this.spec.channel !== 'ghl_email' && campaignId ? { campaignId } : {}),
        subject: 'An idea for Acme',
        body: `Hello ${lead.firstName ?? 'there'}, a short note about Acme.`,
        opener: 'Noticed Acme already uses 6sense and Adobe.',
      },
      this.spec.qualityPassed ? qualityPassed : { passed: false, hits: [{ check: 'weak_opener', field: 'opener', detail: 'test' }] },
      real.world.clock.now().toISOString(),
    );
    if (card.isOk() && (await real.world.deps.store.putCard(card.value, null)).isOk()) model.cards.push(id);
    assertInvariants(real);
  }
  toString = () => `DraftCard(${this.leadIndex}, ${JSON.stringify(this.spec)})`;
}

class Approve implements Cmd {
  constructor(
    readonly cardIndex: number,
    readonly behaviour: FakeBehaviour,
  ) {}
  check = (m: Readonly<Model>) => m.cards.length > 0;
  async run(model: Model, real: Real) {
    const ghl = real.world.channels.ghl_email;
    ghl.then(this.behaviour);
    await survive(() => approveCard(real.world.deps, { cardId: pick(model.cards, this.cardIndex)!, trace: trace(real.world) }));
    ghl.clearScript(); // the scripted behaviour applied to this approval's send only
    assertInvariants(real);
  }
  toString = () => `Approve(${this.cardIndex}, ${this.behaviour})`;
}

class Reject implements Cmd {
  constructor(readonly cardIndex: number) {}
  check = (m: Readonly<Model>) => m.cards.length > 0;
  async run(model: Model, real: Real) {
    await rejectCard(real.world.deps, { cardId: pick(model.cards, this.cardIndex)!, tag: 'tone', reason: 'too pushy for a first touch', trace: trace(real.world) });
    assertInvariants(real);
  }
  toString = () => `Reject(${this.cardIndex})`;
}

/** Someone edits a card's content after the snapshot: executing the batch must see drift. */
class EditCard implements Cmd {
  constructor(readonly cardIndex: number) {}
  check = (m: Readonly<Model>) => m.cards.length > 0;
  async run(model: Model, real: Real) {
    const store = real.world.deps.store;
    const found = await store.getCard(pick(model.batched.length ? model.batched : model.cards, this.cardIndex)!);
    const card = found.isOk() ? found.value : null;
    if (card && (card.status === 'approved' || card.status === 'pending')) {
      const body = `${card.body} (edited)`;
      await store.putCard({ ...card, body, contentDigest: contentDigest({ ...card, body }), version: card.version + 1 }, card.version);
    }
    assertInvariants(real);
  }
  toString = () => `EditCard(${this.cardIndex})`;
}

class CreateBatch implements Cmd {
  check = () => true;
  async run(model: Model, real: Real) {
    const created = await createBatch(real.world.deps, { trace: trace(real.world, 'operator') });
    if (created.isOk()) {
      model.batches.push(created.value.id);
      model.batched.push(...created.value.items.map((i) => i.cardId));
      real.batches.push(created.value);
    }
    assertInvariants(real);
  }
  toString = () => 'CreateBatch';
}

class ExecuteBatch implements Cmd {
  constructor(
    readonly batchIndex: number,
    readonly behaviours: readonly FakeBehaviour[],
    readonly concurrency = 1,
  ) {}
  check = (m: Readonly<Model>) => m.batches.length > 0;
  async run(model: Model, real: Real) {
    const batchId = pick(model.batches, this.batchIndex)!;
    for (const channel of Object.values(real.world.channels)) channel.then(...this.behaviours);
    real.world.setBatchContext(batchId);
    await survive(() => executeBatch(real.world.deps, { batchId, dryRun: false, trace: trace(real.world, 'operator'), concurrency: this.concurrency }));
    real.world.setBatchContext(null);
    for (const channel of Object.values(real.world.channels)) channel.clearScript();
    assertInvariants(real);
  }
  toString = () => `ExecuteBatch(${this.batchIndex}, [${this.behaviours.join(',')}], x${this.concurrency})`;
}

/** Invariant 7: a dry run leaves the store byte-for-byte unchanged. */
class DryRun implements Cmd {
  constructor(readonly batchIndex: number) {}
  check = (m: Readonly<Model>) => m.batches.length > 0;
  async run(model: Model, real: Real) {
    const before = real.world.memory.snapshot();
    const calls = real.world.observations.length;
    await executeBatch(real.world.deps, { batchId: pick(model.batches, this.batchIndex)!, dryRun: true, trace: trace(real.world, 'operator') });
    expect(real.world.memory.snapshot()).toBe(before);
    expect(real.world.observations.length).toBe(calls);
  }
  toString = () => `DryRun(${this.batchIndex})`;
}

class EmergencyStop implements Cmd {
  constructor(readonly engaged: boolean) {}
  check = () => true;
  async run(_: Model, real: Real) {
    await setEmergencyStop(real.world.deps, { engaged: this.engaged, reason: 'operator drill', trace: trace(real.world, 'ops') });
    assertInvariants(real);
  }
  toString = () => `EmergencyStop(${this.engaged})`;
}

class AdvanceClock implements Cmd {
  constructor(readonly minutes: number) {}
  check = () => true;
  async run(_: Model, real: Real) {
    real.world.clock.advance(this.minutes * 60_000);
  }
  toString = () => `AdvanceClock(${this.minutes}m)`;
}

class Recover implements Cmd {
  check = () => true;
  async run(_: Model, real: Real) {
    await recoverStaleSending(real.world.deps, { olderThanMs: 0, trace: trace(real.world, 'system:recovery') });
    assertInvariants(real);
  }
  toString = () => 'Recover';
}

class Webhook implements Cmd {
  constructor(
    readonly kind: 'EmailSent' | 'Unsubscribed' | 'EmailBounced' | 'ReplyReceived',
    readonly leadIndex: number,
  ) {}
  check = (m: Readonly<Model>) => m.leads.length > 0;
  async run(model: Model, real: Real) {
    const lead = pick(model.leads, this.leadIndex)!;
    model.events++;
    await ingestWebhookEvents(real.world.deps, {
      events: [
        {
          type: this.kind,
          eventId: `evt_${model.events}` as EventId,
          provider: 'instantly',
          occurredAt: real.world.clock.now().toISOString(),
          channel: 'instantly',
          lead: { ...(lead.identity.email ? { email: lead.identity.email } : { linkedinUrl: `https://${lead.identity.linkedin}` }) },
        },
      ],
      trace: trace(real.world, 'webhook:instantly'),
    });
    assertInvariants(real);
  }
  toString = () => `Webhook(${this.kind}, ${this.leadIndex})`;
}

class ResolveUnknown implements Cmd {
  constructor(
    readonly cardIndex: number,
    readonly delivered: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.cards.length > 0;
  async run(model: Model, real: Real) {
    await resolveUnknownSend(real.world.deps, { cardId: pick(model.cards, this.cardIndex)!, step: 0, delivered: this.delivered, note: 'checked in provider', trace: trace(real.world, 'ops') });
    assertInvariants(real);
  }
  toString = () => `ResolveUnknown(${this.cardIndex}, ${this.delivered})`;
}

const STORE_METHODS: readonly StoreMethod[] = ['getCard', 'getLead', 'getControls', 'putCard', 'claimSend', 'recordOutcome', 'appendAudit', 'countDaySends', 'findSuppressions', 'getFirstTouches', 'putBatch', 'getBatch', 'listLedger', 'recordInboxEvent', 'addSuppression'];

/** The next call of `method` fails: before it touches the store, or after (answer lost). */
class StoreFault implements Cmd {
  constructor(
    readonly method: StoreMethod,
    readonly timing: 'before' | 'after',
  ) {}
  check = () => true;
  async run(_: Model, real: Real) {
    real.world.faults.fail(this.method, { timing: this.timing });
  }
  toString = () => `StoreFault(${this.method}, ${this.timing})`;
}

const behaviour = fc.constantFrom<FakeBehaviour>('accept', 'accept', 'accept', 'reject', 'retryable', 'timeout', 'crashBefore', 'crashAfterAccept');

const commands = [
  arbLeadIdentity().map((i) => new AddLead(i)),
  fc.tuple(fc.nat(), arbCardSpec).map(([i, s]) => new DraftCard(i, s)),
  fc.tuple(fc.nat(), behaviour).map(([i, b]) => new Approve(i, b)),
  fc.nat().map((i) => new Reject(i)),
  fc.nat().map((i) => new EditCard(i)),
  fc.constant(new CreateBatch()),
  fc.tuple(fc.nat(), fc.array(behaviour, { maxLength: 6 }), fc.integer({ min: 1, max: 3 })).map(([i, b, c]) => new ExecuteBatch(i, b, c)),
  fc.nat().map((i) => new DryRun(i)),
  fc.boolean().map((b) => new EmergencyStop(b)),
  fc.constantFrom(1, 20, 45, 90, 24 * 60).map((m) => new AdvanceClock(m)),
  fc.constant(new Recover()),
  fc.tuple(fc.constantFrom('EmailSent', 'Unsubscribed', 'EmailBounced', 'ReplyReceived' as const), fc.nat()).map(([k, i]) => new Webhook(k, i)),
  fc.tuple(fc.nat(), fc.boolean()).map(([i, d]) => new ResolveUnknown(i, d)),
  fc.tuple(fc.constantFrom(...STORE_METHODS), fc.constantFrom('before' as const, 'after' as const)).map(([m, t]) => new StoreFault(m, t)),
];

describe('dispatch invariants (model-based, faults at every step)', () => {
  it('holds invariants 1-10 over random histories of reviews, batches, crashes, webhooks and store faults', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { size: '+1' }), async (cmds) => {
        const world = makeWorld({ locks: true });
        await fc.asyncModelRun(() => ({ model: { leads: [], cards: [], batches: [], batched: [], events: 0 }, real: { world, batches: [] } }), cmds);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Sendable-leaning cards: the batch invariants need cards that can actually be sent. */
const arbBatchCardSpec = fc.record({
  channel: fc.constantFrom('instantly' as const, 'heyreach' as const),
  campaign: fc.constantFrom('mapped' as const, 'mapped' as const, 'mapped' as const, 'unknown' as const),
  tier: fc.constant('tier_1' as const),
  qualityPassed: fc.constant(true),
});

const batchCommands = [
  arbLeadIdentity().map((i) => new AddLead(i)),
  fc.tuple(fc.nat(), arbBatchCardSpec).map(([i, s]) => new DraftCard(i, s)),
  fc.tuple(fc.nat(), fc.constant<FakeBehaviour>('accept')).map(([i, b]) => new Approve(i, b)),
  fc.constant(new CreateBatch()),
  fc.nat().map((i) => new EditCard(i)),
  fc.tuple(fc.nat(), fc.array(behaviour, { maxLength: 3 }), fc.integer({ min: 1, max: 3 })).map(([i, b, c]) => new ExecuteBatch(i, b, c)),
  fc.nat().map((i) => new DryRun(i)),
];

describe('batch invariants (model-based, drift and dry runs)', () => {
  it('a batch sends only snapshot items with unchanged content; dry runs change nothing; unmapped cards never enter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(batchCommands, { size: '+1' }), async (cmds) => {
        const world = makeWorld({ locks: true });
        await fc.asyncModelRun(() => ({ model: { leads: [], cards: [], batches: [], batched: [], events: 0 }, real: { world, batches: [] } }), cmds);
      }),
      { numRuns: 1000 },
    );
  });
});
