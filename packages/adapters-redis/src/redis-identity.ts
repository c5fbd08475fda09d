import { leadKeys, type IdentityKey, type Lead, type LeadId, type LeadMergeRequest, type VersionConflict } from '@caio/core';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

/** How often a script that found the identity graph changed under it is run again. */
const ATTEMPTS = 8;

/** A person as the claim reads it before its script re-checks it. */
export interface ClaimPerson {
  readonly leadId: string;
  readonly root: string;
  readonly members: readonly IdentityKey[];
}

export class IdentityMoved extends Error {}

/**
 * The identity graph of the Redis store: person key sets and aliases live in the send
 * slot (the claim script reads them in its own atomic step), lead records in the leads
 * slot. A merge is decided in the leads slot (`writeLeads`: the versions checked, the
 * records written and the merge's intent recorded, in one script), then applied to the
 * send slot (`link`, which only unites) and its intent cleared; an intent a crash left
 * is applied by the next reader that meets it or at the next start
 * (`redis-merge-intents.ts`).
 *
 * @category adapters
 */
export class RedisIdentity {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** The root an id resolves to in the send slot (itself when it was never merged). */
  async rootOf(id: string): Promise<string> {
    return (await this.redis.get(this.keys.alias(id))) ?? id;
  }

  /** Unites `survivor`'s person with each absorbed lead's person and adds `keys`. */
  async link(survivor: string, absorbed: readonly string[], keys: readonly IdentityKey[]): Promise<void> {
    const k = this.keys;
    for (let attempt = 1; ; attempt++) {
      const pipeline = this.redis.pipeline();
      for (const a of absorbed) pipeline.smembers(k.aliasesOf(a));
      const replies = (await pipeline.exec()) ?? [];
      const aliasSets = replies.map(([error, value]) => {
        if (error) throw error;
        return value as string[];
      });
      const flattened = aliasSets.flat();
      const scriptKeys = [k.person(survivor), k.aliasesOf(survivor), k.aliases(), k.alias(survivor), ...absorbed.flatMap((a) => [k.person(a), k.alias(a), k.aliasesOf(a)]), ...flattened.map((x) => k.alias(x))];
      const args = [survivor, String(absorbed.length), ...absorbed, ...aliasSets.map((s) => String(s.length)), String(flattened.length), ...keys];
      const [verdict, detail] = await this.redis.linkPerson(scriptKeys.length, ...scriptKeys, ...args);
      if (verdict === 'ok') return;
      if (attempt >= ATTEMPTS) throw new IdentityMoved(`the identity graph kept changing: ${detail ?? ''}`);
    }
  }

  /**
   * Step one of a merge, in the leads slot: the lead records and the merge's intent for
   * the send slot, in one script. A version conflict changes nothing. The caller applies
   * the intent next (`applyMergeIntent`); if it never does (a crash), whoever meets the
   * intent does.
   */
  async writeLeads(request: LeadMergeRequest, current: Lead | null, absorbed: readonly Lead[], intent: string): Promise<Lead | VersionConflict> {
    const k = this.keys;
    const { lead } = request;
    const byId = new Map(absorbed.map((l) => [l.id, l]));
    const scriptKeys = [
      k.lead(lead.id),
      k.leadMeta(lead.id),
      k.leadsAll(),
      k.leadsLabel(lead.sourceLabel),
      k.leadsLabel(current?.sourceLabel ?? lead.sourceLabel),
      ...request.absorbed.flatMap((a) => [k.lead(a.id), k.leadMeta(a.id), k.leadsLabel(byId.get(a.id)?.sourceLabel ?? lead.sourceLabel)]),
      ...leadKeys(lead).map((key) => k.identity(key)),
      k.mergesPending(),
    ];
    const args = [request.expectedVersion === null ? '' : String(request.expectedVersion), JSON.stringify(lead), lead.id, String(lead.version), String(request.absorbed.length), ...request.absorbed.map((a) => String(a.version)), ...request.absorbed.map((a) => a.id), intent];
    const [verdict, id = lead.id, actual = ''] = await this.redis.mergeLeads(scriptKeys.length, ...scriptKeys, ...args);
    if (verdict === 'ok') return lead;
    const expected = id === lead.id ? request.expectedVersion : (request.absorbed.find((a) => a.id === id)?.version ?? null);
    return { _tag: 'VersionConflict', entity: 'lead', id, expected, actual: actual === '' ? null : Number(actual) };
  }

  /** The person of a card's lead, read before the claim script checks it again. */
  async claimPerson(leadId: string): Promise<ClaimPerson> {
    const k = this.keys;
    const [[aliasError, alias] = [null, null], [membersError, members] = [null, []]] = (await this.redis.pipeline().get(k.alias(leadId)).smembers(k.person(leadId)).exec()) ?? [];
    if (aliasError || membersError) throw aliasError ?? membersError;
    if (typeof alias !== 'string') return { leadId, root: leadId, members: members as IdentityKey[] };
    return { leadId, root: alias, members: (await this.redis.smembers(k.person(alias))) as IdentityKey[] };
  }

  async aliasesOf(survivor: LeadId): Promise<LeadId[]> {
    return ((await this.redis.smembers(this.keys.aliasesOf(survivor))) as LeadId[]).sort();
  }

  /** Every alias and its survivor (export). */
  async allAliases(): Promise<{ id: LeadId; survivor: LeadId }[]> {
    const ids = (await this.redis.smembers(this.keys.aliases())).sort();
    if (ids.length === 0) return [];
    const roots = await this.redis.mget(...ids.map((id) => this.keys.alias(id)));
    return ids.flatMap((id, i) => (roots[i] ? [{ id: id as LeadId, survivor: roots[i] as LeadId }] : []));
  }

  /**
   * Stores written before persons existed have leads without person sets: gives each lead
   * its keys as its person, once (a marker in the send slot says it was done). Idempotent:
   * person sets only ever gain keys.
   */
  async buildMissingPersons(loadLeads: (ids: readonly string[]) => Promise<(Lead | null)[]>): Promise<number> {
    const k = this.keys;
    if ((await this.redis.exists(k.personsBuilt())) === 1) return 0;
    let built = 0;
    let after = '-';
    for (;;) {
      const ids = await this.redis.zrangebylex(k.leadsAll(), after, '+', 'LIMIT', 0, 500);
      if (ids.length === 0) break;
      for (const lead of await loadLeads(ids)) {
        if (!lead) continue;
        await this.link(await this.rootOf(lead.id), [], leadKeys(lead));
        built++;
      }
      after = `(${ids.at(-1)!}`;
    }
    // An empty store gets no marker: connecting writes nothing where there is nothing.
    if (built > 0) await this.redis.set(k.personsBuilt(), new Date().toISOString());
    return built;
  }

  /** Import: one alias as exported (the survivor's person gains nothing; its keys come with its lead). */
  async importAlias(id: LeadId, survivor: LeadId): Promise<void> {
    const k = this.keys;
    const results = (await this.redis.multi().set(k.alias(id), survivor).sadd(k.aliasesOf(survivor), id).sadd(k.aliases(), id).exec()) ?? [];
    for (const [error] of results) if (error) throw error;
  }
}
