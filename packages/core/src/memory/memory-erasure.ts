import type { Card } from '../card/card.js';
import type { IdentityKey } from '../lead/identity.js';
import { mentions, redactJson, type ErasurePlan } from '../lead/erasure.js';
import type { ResultAsync } from 'neverthrow';
import type { ErasureReport, ErasureStore } from '../ports/erasure-store.js';
import type { StoreError } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';
import type { MemoryState } from './memory-state.js';

const UNSENT: readonly Card['status'][] = ['pending', 'approved', 'queued', 'rejected'];

/**
 * `erasePerson` on the reference state. Every table is rewritten through assignments and
 * deletions of whole records (append-only tables as one new array), so the file store
 * journals exactly what changed.
 */
export const applyErasure = (m: Pick<MemoryMachine, 'state' | 'indexes' | 'writeCard' | 'writeBatch' | 'writeLedgerEntry'>, plan: ErasurePlan): ErasureReport => {
  const s = m.state;
  const ids = new Set<string>(plan.leadIds);
  const keys = new Set<string>(plan.keys);
  const hashed = (k: string): IdentityKey => (plan.hashedKeys[k] ?? k) as IdentityKey;
  let leads = 0;
  for (const id of ids) {
    if (s.leads[id]) {
      delete s.leads[id];
      m.indexes.leadWritten(id, null);
      leads++;
    }
    if (s.aliases[id]) delete s.aliases[id];
  }
  for (const [alias, survivor] of Object.entries(s.aliases)) if (ids.has(survivor)) delete s.aliases[alias];
  for (const [key, owner] of Object.entries(s.identityIndex)) if (keys.has(key) || ids.has(owner)) delete s.identityIndex[key];

  let cardsDeleted = 0;
  let cardsRedacted = 0;
  const personCards = new Set<string>();
  for (const card of Object.values(s.cards)) {
    if (!ids.has(card.leadId) && !card.leadKeys.some((k) => keys.has(k))) continue;
    personCards.add(card.id);
    if (UNSENT.includes(card.status)) {
      m.writeCard(card.id, null);
      cardsDeleted++;
    } else {
      m.writeCard(card.id, { ...redactJson(plan, card), leadKeys: card.leadKeys.map(hashed) });
      cardsRedacted++;
    }
  }
  let ledgerEntries = 0;
  for (const [id, entry] of Object.entries(s.ledger)) {
    if (!entry.leadKeys.some((k) => keys.has(k)) && !personCards.has(entry.cardId)) continue;
    m.writeLedgerEntry({ ...redactJson(plan, entry), leadKeys: entry.leadKeys.map(hashed) });
    ledgerEntries++;
  }
  for (const key of keys) {
    const index = s.ledgerByKey[key];
    if (index) {
      delete s.ledgerByKey[key];
      s.ledgerByKey[hashed(key)] = index;
    }
    const touch = s.firstTouches[key];
    if (touch) {
      delete s.firstTouches[key];
      s.firstTouches[hashed(key)] = { ...touch, identityKey: hashed(key) };
    }
    const stop = s.cadenceStops[key];
    if (stop) {
      delete s.cadenceStops[key];
      s.cadenceStops[hashed(key)] = { ...stop, identityKey: hashed(key) };
    }
    if (s.suppressions[key]) delete s.suppressions[key];
  }
  for (const tombstone of plan.tombstones) s.suppressions[tombstone.target] ??= { ...tombstone };
  for (const batch of Object.values(s.batches)) if (mentions(plan, batch)) m.writeBatch(redactJson(plan, batch));

  let inboxEvents = 0;
  for (const event of Object.values(s.inbox)) {
    if (!mentions(plan, event)) continue;
    s.inbox[event.eventId] = redactJson(plan, event);
    inboxEvents++;
  }
  const quarantined = s.quarantine.filter((d) => mentions(plan, d)).length;
  if (quarantined > 0) s.quarantine = s.quarantine.map((d) => (mentions(plan, d) ? redactJson(plan, d) : d));
  // Audit entries are kept (what happened, when, by whom); their personal values are not.
  const related = (e: MemoryState['audit'][number]) => (e.leadId !== undefined && ids.has(e.leadId)) || (e.cardId !== undefined && personCards.has(e.cardId)) || mentions(plan, e);
  const auditEntries = s.audit.filter(related).length;
  if (auditEntries > 0) {
    s.audit = s.audit.map((e) => (related(e) ? redactJson(plan, e) : e));
    // Redacted entries may name other keys: the audit indexes are rebuilt on the next read.
    m.indexes.audit.reset();
  }
  return { leads, cardsDeleted, cardsRedacted, ledgerEntries, inboxEvents, quarantined, auditEntries };
};

/**
 * The reference `ErasureStore`. `erased` runs inside the erasure's atomic step: the file
 * store compacts right after it, so no journal line keeps the person in clear.
 */
export const memoryErasure = (m: MemoryMachine, erased: () => void): ErasureStore => ({
  erasePerson(plan: ErasurePlan): ResultAsync<ErasureReport, StoreError> {
    return m.value(() => {
      const report = applyErasure(m, plan);
      erased();
      return report;
    });
  },
});
