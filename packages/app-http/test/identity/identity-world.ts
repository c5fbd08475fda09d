import {
  approveCard,
  createBatch,
  createCard,
  DEFAULT_QUALITY_CONFIG,
  DEFAULT_REJECTION_TAXONOMY,
  DEFAULT_SEND_POLICY_CONFIG,
  executeBatch,
  leadKeys,
  qualityPassed,
  silentLogger,
  tickCadence,
  upsertLead,
  applyDomainEvent,
  erasePerson,
  ERASED_FIELD,
  createLead,
  type LeadId,
  type BuiltInChannel, type Channel,
  type CardId,
  type CoreDeps,
  type EventId,
  type LeadInput,
  type StateStore,
  type TraceId,
} from '@caio/core';
import { FakeChannel, InMemoryLockManager, ManualClock, SequentialIds } from '@caio/testkit';
import { TemplateCrafter } from '../../src/crafting/template-crafter.js';

/**
 * The world of the identity model test: one store, three fake channels, a clock inside
 * the send window, and a model of who is the same person (a union-find over every key
 * a successful import or webhook named together) with what was suppressed. After each
 * step, every new delivery is judged against the model as it was at that moment.
 */
export class IdentityModel {
  private readonly parent = new Map<string, string>();
  readonly suppressedKeys = new Set<string>();
  readonly suppressedDomains = new Set<string>();
  /** Every key of every erased person. */
  readonly erasedKeys = new Set<string>();
  /** Every lead id the system ever named (created, merged into, absorbed). */
  readonly leadIds = new Set<string>();
  /** Step-0 deliveries so far: card id -> keys. */
  readonly touches = new Map<string, readonly string[]>();
  readonly violations: string[] = [];

  find(key: string): string {
    let root = key;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    if (!this.parent.has(key)) this.parent.set(key, key);
    return root;
  }

  connect(keys: readonly string[]): void {
    const [first, ...rest] = keys;
    if (first === undefined) return;
    for (const k of rest) {
      const a = this.find(first);
      const b = this.find(k);
      if (a !== b) this.parent.set(b, a);
    }
  }

  /** The keys of everyone connected to `key` (its person as the model knows it). */
  component(key: string): string[] {
    const root = this.find(key);
    return [...this.parent.keys()].filter((k) => this.find(k) === root);
  }

  /** Judges one delivery: a second first touch of a connected identity, or a suppressed person. */
  judge(cardId: string, step: number, keys: readonly string[]): void {
    const roots = new Set(keys.map((k) => this.find(k)));
    const component = [...this.parent.keys()].filter((k) => roots.has(this.find(k)));
    const suppressed = component.find((k) => this.suppressedKeys.has(k) || (k.startsWith('email:') && this.suppressedDomains.has(k.slice(k.indexOf('@') + 1))));
    if (suppressed) this.violations.push(`${cardId} step ${step} was sent although ${suppressed} is suppressed`);
    const erased = component.find((k) => this.erasedKeys.has(k)) ?? keys.find((k) => k.startsWith('erased:'));
    if (erased) this.violations.push(`${cardId} step ${step} was sent to an erased person (${erased})`);
    if (step !== 0) return;
    for (const [other, otherKeys] of this.touches) {
      if (other !== cardId && otherKeys.some((k) => roots.has(this.find(k)))) this.violations.push(`${cardId} is a second first touch of the person ${other} touched`);
    }
    this.touches.set(cardId, keys);
  }
}

export const PEOPLE = ['ada', 'bob', 'cy'] as const;
export const CAMPAIGNS = { instantly: 'cmp-mapped', heyreach: '4242' } as const;

export interface IdentityWorld {
  readonly deps: CoreDeps;
  readonly clock: ManualClock;
  readonly channels: Record<Channel, FakeChannel>;
  readonly model: IdentityModel;
  readonly seen: Record<Channel, number>;
}

export const makeIdentityWorld = (store: StateStore, clock: ManualClock): IdentityWorld => {
  const channels = { ghl_email: new FakeChannel('ghl_email'), instantly: new FakeChannel('instantly'), heyreach: new FakeChannel('heyreach') };
  const deps: CoreDeps = {
    store,
    clock,
    ids: new SequentialIds(),
    logger: silentLogger,
    channels,
    locks: new InMemoryLockManager(clock),
    policy: { ...DEFAULT_SEND_POLICY_CONFIG, dailyCap: 1000 },
    campaigns: () => ({ instantly: new Set([CAMPAIGNS.instantly]), heyreach: new Set([CAMPAIGNS.heyreach]) }),
    taxonomy: DEFAULT_REJECTION_TAXONOMY,
    sendGhlFirstTouchOnApprove: true,
    erasureKey: 'identity-model-erasure-secret-0123456789',
  };
  return { deps, clock, channels, model: new IdentityModel(), seen: { ghl_email: 0, instantly: 0, heyreach: 0 } };
};

export const traceOf = (world: IdentityWorld, actor: string) => ({ traceId: `trace_${actor}` as TraceId, actor, at: world.clock.now().toISOString(), origin: 'test' as const });

/** Judges the deliveries made since the last look. */
export const judgeDeliveries = (world: IdentityWorld): void => {
  for (const channel of Object.keys(world.channels) as BuiltInChannel[]) {
    const delivered = world.channels[channel].delivered;
    for (const d of delivered.slice(world.seen[channel])) world.model.judge(d.cardId, d.step, d.leadKeys);
    world.seen[channel] = delivered.length;
  }
};

/** One record about a person: which keys it names, in which spelling. */
export interface Row {
  readonly person: number;
  readonly email: boolean;
  readonly linkedin: boolean;
  readonly providerId: boolean;
  readonly upper: boolean;
  readonly urlVariant: number;
  readonly otherEmail: boolean;
}

const URLS = ['https://www.linkedin.com/in/%s/', 'linkedin.com/in/%s', 'http://uk.linkedin.com/in/%s?trk=x', 'https://LINKEDIN.com/in/%s#about'];

export const rowInput = (row: Row, source: LeadInput['source']): LeadInput => {
  const name = PEOPLE[row.person]!;
  const email = `${row.otherEmail ? `${name}.alt` : name}@${row.person === 2 ? 'cyco.example' : 'acme.example'}`;
  return {
    ...(row.email ? { email: row.upper ? email.toUpperCase() : email } : {}),
    ...(row.linkedin ? { linkedinUrl: URLS[row.urlVariant % URLS.length]!.replace('%s', row.upper ? name.toUpperCase() : name) } : {}),
    ...(row.providerId ? { keys: [`ghl:G${name}`] } : {}),
    source,
    sourceLabel: 'acme',
    tier: 'tier_1',
    firstName: name,
    signals: { tech: ['6sense'] },
  };
};

/** The keys a record names, as the system normalises them. */
export const keysOf = (input: LeadInput): string[] => [...leadKeys(createLead('probe' as LeadId, input, '2026-01-01T00:00:00.000Z')._unsafeUnwrap())];

/** Imports a row (or applies a Clay/RB2B webhook carrying it) and connects its keys in the model. */
export const importRow = async (world: IdentityWorld, row: Row, via: 'import' | 'clay' | 'rb2b'): Promise<void> => {
  const input = rowInput(row, via);
  const trace = traceOf(world, via);
  const eventId = world.deps.ids.next('evt') as EventId;
  const result =
    via === 'import'
      ? await upsertLead(world.deps, input, trace)
      : await applyDomainEvent(
          world.deps,
          via === 'clay' ? { type: 'LeadEnriched', eventId, provider: 'clay', occurredAt: trace.at, lead: input } : { type: 'VisitorIdentified', eventId, provider: 'rb2b', occurredAt: trace.at, lead: input },
          trace,
        );
  if (result.isErr() && result.error._tag === 'ValidationError' && result.error.field === ERASED_FIELD) return; // an erased person: refused
  if (result.isErr()) throw new Error(`import failed: ${JSON.stringify(result.error)}`);
  if (result.value && 'action' in result.value && result.value.action === 'webhook.erased_person') return;
  world.model.connect(keysOf(input));
  for (const lead of (await world.deps.store.findLeadsByKeys(keysOf(input) as never))._unsafeUnwrap()) world.model.leadIds.add(lead.id);
  if (result.value && 'absorbed' in result.value) for (const id of result.value.absorbed) world.model.leadIds.add(id);
};

/** Crafts a pending card for the n-th live lead on a channel, with the lead's keys as they are now. */
export const craft = async (world: IdentityWorld, pick: number, channel: Channel): Promise<void> => {
  const leads = (await world.deps.store.listLeads({ limit: 100 }))._unsafeUnwrap().items;
  const lead = leads[pick % Math.max(1, leads.length)];
  // A channel needs an address the lead has (HeyReach a profile, e-mail channels an e-mail).
  if (!lead || (channel === 'heyreach' ? !lead.identity.linkedin : !lead.identity.email)) return;
  const card = createCard(
    world.deps.ids.next('card') as CardId,
    { leadId: lead.id, leadKeys: leadKeys(lead), tier: lead.tier, channel, ...(channel === 'ghl_email' ? { subject: 'An idea' } : { campaignId: CAMPAIGNS[channel as keyof typeof CAMPAIGNS] }), body: `Noticed ${lead.firstName ?? 'you'} uses 6sense.`, opener: 'Noticed Acme already uses 6sense.' },
    qualityPassed,
    world.clock.now().toISOString(),
  )._unsafeUnwrap();
  (await world.deps.store.putCard(card, null))._unsafeUnwrap();
};

/** A reviewer approving `count` pending cards, starting at the n-th (a GHL first touch is sent on approval). */
export const approve = async (world: IdentityWorld, pick: number, count: number): Promise<void> => {
  const pending = (await world.deps.store.listCards({ status: 'pending', limit: 100 }))._unsafeUnwrap().items;
  const chosen = [...pending.slice(pick % Math.max(1, pending.length)), ...pending].slice(0, Math.min(count, pending.length));
  for (const card of chosen) (await approveCard(world.deps, { cardId: card.id, trace: traceOf(world, 'reviewer') }))._unsafeUnwrap();
};

export const runBatch = async (world: IdentityWorld): Promise<void> => {
  const batch = await createBatch(world.deps, { trace: traceOf(world, 'operator') });
  if (batch.isErr()) {
    if (batch.error._tag === 'EmptyBatch') return;
    throw new Error(`batch failed: ${JSON.stringify(batch.error)}`);
  }
  (await executeBatch(world.deps, { batchId: batch.value.id, dryRun: false, trace: traceOf(world, 'operator') }))._unsafeUnwrap();
};

export const cadenceTick = async (world: IdentityWorld): Promise<void> => {
  const cadences = (['ghl_email', 'instantly', 'heyreach'] as const).map((channel) => ({ channel, ...(channel === 'ghl_email' ? {} : { campaignId: CAMPAIGNS[channel as keyof typeof CAMPAIGNS] }), steps: [{ step: 1, delayDays: 0 }] }));
  const tick = await tickCadence(world.deps, { crafter: new TemplateCrafter(), quality: DEFAULT_QUALITY_CONFIG }, { cadences, dryRun: false, trace: traceOf(world, 'cadence') });
  if (tick.isErr()) throw new Error(`cadence tick failed: ${JSON.stringify(tick.error)}`);
};

export const suppress = async (world: IdentityWorld, person: number, byDomain: boolean): Promise<void> => {
  const name = PEOPLE[person]!;
  const domain = person === 2 ? 'cyco.example' : 'acme.example';
  const target = byDomain ? (`domain:${domain}` as const) : (`email:${name}@${domain}` as never);
  (await world.deps.store.addSuppression({ target, reason: 'manual', source: 'model', at: world.clock.now().toISOString() }))._unsafeUnwrap();
  if (byDomain) world.model.suppressedDomains.add(domain);
  else world.model.suppressedKeys.add(`email:${name}@${domain}`);
};

/** Erases a person by their e-mail key (whatever the model connected to it goes too). */
export const erase = async (world: IdentityWorld, person: number): Promise<void> => {
  const name = PEOPLE[person]!;
  const key = `email:${name}@${person === 2 ? 'cyco.example' : 'acme.example'}`;
  const { store } = world.deps;
  const lead = (await store.findLeadsByKeys([key as never]))._unsafeUnwrap()[0];
  const keys = new Set([...world.model.component(key), ...(lead ? leadKeys(lead) : [key])]);
  // Ids that stood for this person stop resolving: the model forgets them.
  for (const id of [...world.model.leadIds]) {
    const resolved = (await store.getLead(id as LeadId))._unsafeUnwrap();
    if (resolved && leadKeys(resolved).some((k) => keys.has(k))) world.model.leadIds.delete(id);
  }
  (await erasePerson(world.deps, { subject: key, reason: 'DSR', trace: traceOf(world, 'dpo') }))._unsafeUnwrap();
  for (const k of keys) world.model.erasedKeys.add(k);
};
