import { DEFAULT_QUALITY_CONFIG, dispatchCard, ingestWebhookEvents, tickCadence, type Cadence, type CardCrafter, type CardId, type EventId } from '@caio/core';
import { okAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { makeWorld, seedCard, traceOf, type World } from './fixture.js';

const cadences: Cadence[] = [{ channel: 'ghl_email', steps: [{ step: 1, delayDays: 3 }] }];

const crafter: CardCrafter = {
  craft: ({ lead, channel, step }) =>
    okAsync({
      leadId: lead.id,
      leadKeys: [`email:${lead.identity.email}`] as never,
      tier: lead.tier,
      channel,
      subject: 'Following up',
      body: `Circling back with one more idea for ${lead.company ?? 'your team'}.`,
      opener: 'Circling back with one more idea.',
      step,
    }),
};

const sentFirstTouch = async (world: World): Promise<void> => {
  await seedCard(world, 'ada', 'card_1', { status: 'approved' });
  await dispatchCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world) });
};

const tick = (world: World, dryRun: boolean) => tickCadence(world.deps, { crafter, quality: DEFAULT_QUALITY_CONFIG }, { cadences, dryRun, trace: traceOf(world, 'system:cadence') });

describe('cadence', () => {
  it("holds a follow-up when the person is suppressed under a key the first touch did not name (learnt since), or their company's domain", async () => {
    for (const target of ['ghl:Cx9', 'domain:acme-corp.example']) {
      const world = makeWorld();
      await sentFirstTouch(world);
      const lead = (await world.deps.store.getLead('ada' as never))._unsafeUnwrap()!;
      await world.deps.store.putLead({ ...lead, otherKeys: ['ghl:Cx9' as never], companyDomain: 'acme-corp.example', version: lead.version + 1 }, lead.version);
      await world.deps.store.addSuppression({ target: target as never, reason: 'manual', source: 'ops', at: world.clock.now().toISOString() });
      world.clock.advance(3 * 86_400_000);
      const plan = (await tick(world, false))._unsafeUnwrap();
      expect(plan.plan.held).toEqual([{ previousCardId: 'card_1', step: 1, reason: 'suppressed' }]);
      expect(plan.created).toEqual([]);
    }
  });

  it('plans a follow-up only once its delay has passed', async () => {
    const world = makeWorld();
    await sentFirstTouch(world);
    expect((await tick(world, true))._unsafeUnwrap().plan.held).toEqual([{ previousCardId: 'card_1', step: 1, reason: 'not_due' }]);
    world.clock.advance(3 * 86_400_000);
    expect((await tick(world, true))._unsafeUnwrap().plan.due).toEqual([expect.objectContaining({ previousCardId: 'card_1', step: 1, channel: 'ghl_email' })]);
  });

  it('a dry run changes nothing; a tick queues one pending follow-up and never two', async () => {
    const world = makeWorld();
    await sentFirstTouch(world);
    world.clock.advance(3 * 86_400_000);
    const before = world.memory.snapshot();
    await tick(world, true);
    expect(world.memory.snapshot()).toBe(before);
    const created = (await tick(world, false))._unsafeUnwrap().created;
    expect(created).toEqual([expect.objectContaining({ step: 1, status: 'pending', leadId: 'ada' })]);
    expect((await tick(world, false))._unsafeUnwrap().plan.held).toEqual([{ previousCardId: 'card_1', step: 1, reason: 'already_planned' }]);
  });

  it('holds the follow-up after a reply', async () => {
    const world = makeWorld();
    await sentFirstTouch(world);
    await ingestWebhookEvents(world.deps, {
      events: [{ type: 'ReplyReceived', eventId: 'evt_r' as EventId, provider: 'ghl', occurredAt: world.clock.now().toISOString(), channel: 'ghl_email', lead: { email: 'ada@acme.example' } }],
      trace: traceOf(world, 'webhook:ghl'),
    });
    world.clock.advance(3 * 86_400_000);
    expect((await tick(world, false))._unsafeUnwrap()).toMatchObject({ created: [], plan: { held: [{ reason: 'cadence_stopped' }] } });
  });
});
