import { type BatchId, type Card, type EventId, type IdentityKey, initialControls, storeRecordKey } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { aCard, aClaim, aLead, AT, aTrace } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

/** The contract of `StoreAdmin`: export and import of every kind of record, health, and (durable stores) a restart. @category testing */
export const storeAdminContract = (env: StateStoreContractEnv): void => {
  describe('store admin', () => {
    describe('export and import', () => {
      const populate = async (): Promise<Card> => {
        const lead = aLead('ada');
        await env.store.putLead(lead, null);
        const card = await env.putQueued(aCard('card_1', lead));
        await env.store.claimSend(aClaim(card, { fence: { resource: 'batch:1', token: 3 } }));
        await env.store.putCard(aCard('card_2', aLead('bob')), null);
        await env.store.addSuppression({ target: 'domain:blocked.example', reason: 'manual', source: 'ops', at: AT });
        await env.store.addCadenceStop({ identityKey: 'email:bob@acme.example' as IdentityKey, reason: 'replied', at: AT });
        await env.store.putControls({ ...initialControls(AT), mode: 'supervised', version: 1 }, 0);
        await env.store.recordInboxEvent({ eventId: 'evt_1' as EventId, provider: 'clay', receivedAt: AT, expiresAt: '2026-03-09T00:00:00.000Z', payload: { a: 1 } });
        await env.store.putDayRecord({ day: '2026-03-01', liveSends: 1, gateFailures: 0, unresolvedSends: 0, clean: true, computedAt: AT });
        await env.store.putBatch({ id: 'batch_1' as BatchId, items: [], snapshotDigest: 'd', status: 'open', createdBy: 't', createdAt: AT, updatedAt: AT, version: 1, outcomes: [] }, null);
        return card;
      };

      it('exports every kind of record, ordered by key', async () => {
        await populate();
        const records = (await env.store.exportRecords())._unsafeUnwrap();
        expect([...new Set(records.map((r) => r.kind))].sort()).toEqual(
          ['batch', 'cadence_stop', 'card', 'controls', 'day_record', 'day_sends', 'fence', 'first_touch', 'inbox', 'lead', 'ledger', 'suppression'].sort(),
        );
        const keys = records.map(storeRecordKey);
        expect(keys).toEqual([...keys].sort());
        expect(records.filter((r) => r.kind === 'first_touch')).toHaveLength(2);
        expect(records.find((r) => r.kind === 'fence')?.value).toEqual({ resource: 'batch:1', token: 3 });
      });

      it('imports records into another store so that it behaves the same', async () => {
        const card = await populate();
        const records = (await env.store.exportRecords())._unsafeUnwrap();
        const copyHarness = await env.factory(env.clock);
        const copy = copyHarness.store;
        try {
          expect((await copy.importRecords(records)).isOk()).toBe(true);
          expect((await copy.exportRecords())._unsafeUnwrap()).toEqual(records);
          // Indexes follow the import: lookups, listings and claim checks all see the data.
          expect((await copy.findLeadsByKeys([`email:ada@acme.example` as IdentityKey]))._unsafeUnwrap().map((l) => l.id)).toEqual(['ada']);
          expect((await copy.listCards({ status: 'sending' }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_1']);
          expect((await copy.listLedger({ state: 'sending', identityKey: card.leadKeys[0]! }))._unsafeUnwrap().items).toHaveLength(1);
          const twin = await copy.putCard({ ...aCard('card_3', aLead('ada')), status: 'queued' }, null);
          expect((await copy.claimSend(aClaim(twin._unsafeUnwrap())))._unsafeUnwrapErr()).toMatchObject({ reason: 'lead_already_touched' });
          const stale = await copy.putCard({ ...aCard('card_4', aLead('cy')), status: 'queued' }, null);
          expect((await copy.claimSend(aClaim(stale._unsafeUnwrap(), { fence: { resource: 'batch:1', token: 2 } })))._unsafeUnwrapErr()).toMatchObject({ reason: 'stale_fence' });
        } finally {
          await copy.close();
          await copyHarness.dispose?.();
        }
      });

      it('replaces what is stored under the same key', async () => {
        await populate();
        const lead = (await env.store.getLead(aLead('ada').id))._unsafeUnwrap()!;
        const card = (await env.store.getCard('card_2' as Card['id']))._unsafeUnwrap()!;
        await env.store.importRecords([
          { kind: 'lead', value: { ...lead, title: 'CEO', version: 9 } },
          { kind: 'card', value: { ...card, status: 'approved', version: 5 } },
          { kind: 'day_sends', value: { dayKey: '2026-03-02', count: 4 } },
        ]);
        expect((await env.store.getLead(lead.id))._unsafeUnwrap()).toMatchObject({ title: 'CEO', version: 9 });
        expect((await env.store.listCards({ status: 'pending' }))._unsafeUnwrap().items).toEqual([]);
        expect((await env.store.listCards({ status: 'approved' }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_2']);
        expect((await env.store.countDaySends('2026-03-02'))._unsafeUnwrap()).toBe(4);
      });
    });

    it('reports health', async () => {
      const health = (await env.store.health())._unsafeUnwrap();
      expect(health.ok).toBe(true);
      expect(health.sendsBlocked).toBeUndefined();
    });

    // Registered only for durable stores: a volatile store has no restart to survive.
    if (env.options.durable) it('keeps everything across a restart', async () => {
      if (!env.harness().reopen) throw new Error(`${env.name} is declared durable but its harness has no reopen()`);
      const lead = aLead('ada');
      await env.store.putLead(lead, null);
      const card = await env.putQueued(aCard('card_1', lead));
      await env.store.claimSend(aClaim(card));
      await env.store.recordInboxEvent({ eventId: 'evt_1' as EventId, provider: 'clay', receivedAt: AT, expiresAt: '2026-03-09T00:00:00.000Z', payload: {} });
      await env.store.putControls({ ...initialControls(AT), emergencyStop: { engaged: true, by: 'ops', reason: 'drill', at: AT }, version: 1 }, 0);
      for (const id of ['au1', 'au2', 'au3']) await env.store.appendAudit({ id, trace: aTrace(), action: 'card.approved', detail: {} });
      expect((await env.store.dropAuditHead(['au1']))._unsafeUnwrap()).toBe(1);
      await env.reopen();
      expect((await env.store.getLead(lead.id))._unsafeUnwrap()).toEqual(lead);
      expect((await env.store.getCard(card.id))._unsafeUnwrap()?.status).toBe('sending');
      expect((await env.store.getLedgerEntry(card.id, 0))._unsafeUnwrap()?.state).toBe('sending');
      expect((await env.store.getFirstTouches(card.leadKeys))._unsafeUnwrap()).toHaveLength(2);
      expect((await env.store.countDaySends('2026-03-02'))._unsafeUnwrap()).toBe(1);
      expect((await env.store.recordInboxEvent({ eventId: 'evt_1' as EventId, provider: 'clay', receivedAt: AT, expiresAt: '2026-03-09T00:00:00.000Z', payload: {} }))._unsafeUnwrap()._tag).toBe('Pending');
      expect((await env.store.getControls())._unsafeUnwrap().emergencyStop.engaged).toBe(true);
      expect((await env.store.listAuditHead(10))._unsafeUnwrap().map((e) => e.id)).toEqual(['au2', 'au3']);
    });
  });
};
