import type { AuditEntry, EventId, TraceId } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { AT, aTrace } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

/** The contract of `WebhookInbox`: idempotency by event id, apply claims, the steps that also append to the audit log, retention, the quarantine. @category testing */
export const webhookInboxContract = (env: StateStoreContractEnv): void => {
  describe('webhook inbox', () => {
    const event = (id: string, receivedAt = AT) => ({
      eventId: id as EventId,
      provider: 'instantly' as const,
      receivedAt,
      expiresAt: new Date(new Date(receivedAt).getTime() + 3 * 86_400_000).toISOString(),
      payload: { type: 'EmailSent', id },
    });

    it('records an event once: new, then pending, then applied', async () => {
      expect((await env.store.recordInboxEvent(event('evt_1')))._unsafeUnwrap()).toEqual({ _tag: 'New' });
      expect((await env.store.recordInboxEvent(event('evt_1')))._unsafeUnwrap()).toMatchObject({ _tag: 'Pending', event: { eventId: 'evt_1', applied: false } });
      expect((await env.store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_1']);
      await env.store.markInboxApplied('evt_1' as EventId, AT);
      expect((await env.store.recordInboxEvent(event('evt_1')))._unsafeUnwrap()).toMatchObject({ _tag: 'Applied', event: { payload: { id: 'evt_1' } } });
      expect((await env.store.listPendingInbox(10))._unsafeUnwrap()).toEqual([]);
    });

    it('keeps an event until it expires, then treats it as new', async () => {
      await env.store.recordInboxEvent(event('evt_1'));
      await env.store.markInboxApplied('evt_1' as EventId, AT);
      env.clock.advance(2 * 3_600_000);
      expect((await env.store.recordInboxEvent(event('evt_1', env.clock.now().toISOString())))._unsafeUnwrap()._tag).toBe('Applied');
      env.clock.advance(3 * 86_400_000);
      expect((await env.store.recordInboxEvent(event('evt_1', env.clock.now().toISOString())))._unsafeUnwrap()._tag).toBe('New');
    });

    it('gives the apply claim of an event to one holder at a time, until it is applied, released or lapses', async () => {
      const claim = (holder: string) => ({ holder, ttlMs: 30_000 });
      expect((await env.store.recordInboxEvent(event('evt_1'), claim('a')))._unsafeUnwrap()).toEqual({ _tag: 'New' });
      // Another holder while a's claim is live: in progress; a itself may ask again.
      expect((await env.store.recordInboxEvent(event('evt_1'), claim('b')))._unsafeUnwrap()).toMatchObject({ _tag: 'InProgress', event: { eventId: 'evt_1', applied: false } });
      expect((await env.store.recordInboxEvent(event('evt_1'), claim('a')))._unsafeUnwrap()._tag).toBe('Pending');
      // Releasing needs the holder: b cannot free a's claim, a can.
      await env.store.releaseInboxClaim('evt_1' as EventId, 'b');
      expect((await env.store.recordInboxEvent(event('evt_1'), claim('b')))._unsafeUnwrap()._tag).toBe('InProgress');
      await env.store.releaseInboxClaim('evt_1' as EventId, 'a');
      expect((await env.store.recordInboxEvent(event('evt_1'), claim('b')))._unsafeUnwrap()._tag).toBe('Pending');
      // b died holding it: after the claim's time another holder takes over.
      env.clock.advance(29_000);
      expect((await env.store.recordInboxEvent(event('evt_1'), claim('c')))._unsafeUnwrap()._tag).toBe('InProgress');
      env.clock.advance(2_000);
      expect((await env.store.recordInboxEvent(event('evt_1'), claim('c')))._unsafeUnwrap()._tag).toBe('Pending');
      // Applied: every holder sees it applied, and it is no longer pending.
      await env.store.markInboxApplied('evt_1' as EventId, env.clock.now().toISOString());
      expect((await env.store.recordInboxEvent(event('evt_1'), claim('d')))._unsafeUnwrap()._tag).toBe('Applied');
      expect((await env.store.listPendingInbox(10))._unsafeUnwrap()).toEqual([]);
    });

    it('marks an event applied together with its closing audit entry', async () => {
      const closing: AuditEntry = { id: 'audit_closing', trace: aTrace({ traceId: 'trace_close' as TraceId }), action: 'webhook.ReplyReceived', eventId: 'evt_1' as EventId, detail: { cadenceStopped: 'replied' } };
      await env.store.recordInboxEvent(event('evt_1'), { holder: 'a', ttlMs: 30_000 });
      expect((await env.store.listAudit({ traceId: 'trace_close' as TraceId }))._unsafeUnwrap()).toEqual([]);
      await env.store.markInboxApplied('evt_1' as EventId, AT, closing);
      expect((await env.store.listAudit({ traceId: 'trace_close' as TraceId }))._unsafeUnwrap()).toEqual([closing]);
      expect((await env.store.listAudit({}))._unsafeUnwrap().at(-1)).toEqual(closing);
      expect((await env.store.recordInboxEvent(event('evt_1'), { holder: 'b', ttlMs: 30_000 }))._unsafeUnwrap()._tag).toBe('Applied');
      // Without an entry nothing is audited.
      await env.store.recordInboxEvent(event('evt_2'));
      await env.store.markInboxApplied('evt_2' as EventId, AT);
      expect((await env.store.listAudit({}))._unsafeUnwrap()).toEqual([closing]);
    });

    describe("claiming and marking a round's events in one step each", () => {
      const claim = (holder: string) => ({ holder, ttlMs: 30_000 });
      const ids = (...names: string[]) => names.map((n) => n as EventId);
      const closing = (id: string, traceId = 'trace_round'): AuditEntry => ({ id: `audit_${id}`, trace: aTrace({ traceId: traceId as TraceId }), action: 'webhook.EmailBounced', eventId: id as EventId, detail: { id } });

      it('answers one verdict per id, in order, with the claim rules of recordInboxEvent', async () => {
        await env.store.acceptInboxEvents(['evt_held', 'evt_lapsed', 'evt_applied', 'evt_free'].map((id) => ({ event: event(id) })));
        await env.store.recordInboxEvent(event('evt_lapsed'), { holder: 'b', ttlMs: 10_000 });
        await env.store.markInboxApplied('evt_applied' as EventId, AT);
        env.clock.advance(11_000);
        // b's claim on evt_held is live; its claim on evt_lapsed ended a second ago.
        await env.store.recordInboxEvent(event('evt_held'), claim('b'));
        const verdicts = await env.store.claimInboxEvents(ids('evt_free', 'evt_held', 'evt_applied', 'evt_never', 'evt_lapsed', 'evt_free'), claim('a'));
        expect(verdicts._unsafeUnwrap()).toEqual(['Claimed', 'InProgress', 'Applied', 'Unknown', 'Claimed', 'Claimed']);
        // The claims are a's now: another holder is refused them, a itself may ask again.
        expect((await env.store.recordInboxEvent(event('evt_free'), claim('c')))._unsafeUnwrap()._tag).toBe('InProgress');
        expect((await env.store.claimInboxEvents(ids('evt_lapsed', 'evt_held'), claim('c')))._unsafeUnwrap()).toEqual(['InProgress', 'InProgress']);
        expect((await env.store.claimInboxEvents(ids('evt_lapsed', 'evt_free'), claim('a')))._unsafeUnwrap()).toEqual(['Claimed', 'Claimed']);
        // A claim asked of an unknown id records nothing: the id stays unknown, and new to recordInboxEvent.
        expect((await env.store.claimInboxEvents(ids('evt_never'), claim('a')))._unsafeUnwrap()).toEqual(['Unknown']);
        expect((await env.store.recordInboxEvent(event('evt_never'), claim('c')))._unsafeUnwrap()).toEqual({ _tag: 'New' });
        // Nothing was marked applied by claiming.
        expect((await env.store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_held', 'evt_lapsed', 'evt_free', 'evt_never']);
      });

      it('lets a claim lapse after its time, and releases it like any other', async () => {
        await env.store.acceptInboxEvents([{ event: event('evt_1') }, { event: event('evt_2') }]);
        expect((await env.store.claimInboxEvents(ids('evt_1', 'evt_2'), claim('a')))._unsafeUnwrap()).toEqual(['Claimed', 'Claimed']);
        await env.store.releaseInboxClaim('evt_2' as EventId, 'a');
        env.clock.advance(29_000);
        expect((await env.store.claimInboxEvents(ids('evt_1', 'evt_2'), claim('b')))._unsafeUnwrap()).toEqual(['InProgress', 'Claimed']);
        env.clock.advance(2_000);
        expect((await env.store.claimInboxEvents(ids('evt_1'), claim('b')))._unsafeUnwrap()).toEqual(['Claimed']);
      });

      it('treats an event whose retention ended as unknown', async () => {
        await env.store.acceptInboxEvents([{ event: event('evt_1') }]);
        env.clock.advance(3 * 86_400_000 + 1);
        expect((await env.store.claimInboxEvents(ids('evt_1'), claim('a')))._unsafeUnwrap()).toEqual(['Unknown']);
      });

      it('answers an empty batch with no verdicts, and marks nothing for no marks', async () => {
        expect((await env.store.claimInboxEvents([], claim('a')))._unsafeUnwrap()).toEqual([]);
        await env.store.acceptInboxEvents([{ event: event('evt_1') }]);
        expect((await env.store.markInboxAppliedMany([])).isOk()).toBe(true);
        expect((await env.store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_1']);
        expect((await env.store.listAudit({}))._unsafeUnwrap()).toEqual([]);
      });

      it('marks several events applied in one call, their closing entries audited in the order given', async () => {
        await env.store.acceptInboxEvents(['evt_1', 'evt_2', 'evt_3', 'evt_4'].map((id) => ({ event: event(id) })));
        expect((await env.store.claimInboxEvents(ids('evt_1', 'evt_2', 'evt_3'), claim('a')))._unsafeUnwrap()).toEqual(['Claimed', 'Claimed', 'Claimed']);
        const marks = [
          { eventId: 'evt_3' as EventId, at: AT, entry: closing('evt_3') },
          { eventId: 'evt_1' as EventId, at: AT },
          { eventId: 'evt_2' as EventId, at: AT, entry: closing('evt_2', 'trace_other') },
        ];
        (await env.store.markInboxAppliedMany(marks))._unsafeUnwrap();
        expect((await env.store.listAudit({}))._unsafeUnwrap()).toEqual([closing('evt_3'), closing('evt_2', 'trace_other')]);
        // Each entry is indexed as markInboxApplied indexes it.
        expect((await env.store.listAudit({ traceId: 'trace_other' as TraceId }))._unsafeUnwrap()).toEqual([closing('evt_2', 'trace_other')]);
        expect((await env.store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_4']);
        expect((await env.store.inboxBacklog())._unsafeUnwrap()).toEqual({ pending: 1, oldestReceivedAt: AT });
        // Applied for every later claim, batched or not, whoever asks; the claims went with the marks.
        expect((await env.store.claimInboxEvents(ids('evt_1', 'evt_2', 'evt_3', 'evt_4'), claim('b')))._unsafeUnwrap()).toEqual(['Applied', 'Applied', 'Applied', 'Claimed']);
        expect((await env.store.recordInboxEvent(event('evt_3'), claim('b')))._unsafeUnwrap()._tag).toBe('Applied');
        expect((await env.store.acceptInboxEvents([{ event: event('evt_1') }]))._unsafeUnwrap()).toEqual(['Duplicate']);
      });
    });

    describe('recording an audit-only event applied, with its audit entry, in one step', () => {
      const auditOf = (id: string, traceId = 'trace_hook'): AuditEntry => ({
        id: `audit_${id}`,
        trace: aTrace({ traceId: traceId as TraceId }),
        action: 'webhook.EmailOpened',
        eventId: id as EventId,
        detail: { keys: [`email:${id}@example.com`] },
      });
      const audited = async (traceId = 'trace_hook') => (await env.store.listAudit({ traceId: traceId as TraceId }))._unsafeUnwrap().map((e) => e.id);

      it('stores a new event applied with its entry; a redelivery changes nothing', async () => {
        expect((await env.store.recordAppliedInboxEvent(event('evt_1'), auditOf('evt_1')))._unsafeUnwrap()).toEqual({ _tag: 'New' });
        expect(await audited()).toEqual(['audit_evt_1']);
        expect((await env.store.listAudit({}))._unsafeUnwrap().at(-1)).toEqual(auditOf('evt_1'));
        expect((await env.store.listPendingInbox(10))._unsafeUnwrap()).toEqual([]);
        expect((await env.store.recordInboxEvent(event('evt_1'), { holder: 'a', ttlMs: 30_000 }))._unsafeUnwrap()).toMatchObject({ _tag: 'Applied', event: { eventId: 'evt_1', applied: true } });
        expect((await env.store.recordAppliedInboxEvent(event('evt_1'), { ...auditOf('evt_1'), id: 'audit_again' }))._unsafeUnwrap()).toMatchObject({ _tag: 'Applied', event: { eventId: 'evt_1', applied: true } });
        expect(await audited()).toEqual(['audit_evt_1']);
      });

      it('leaves an event another holder is applying alone, and applies it once that claim lapses', async () => {
        await env.store.recordInboxEvent(event('evt_1'), { holder: 'a', ttlMs: 30_000 });
        expect((await env.store.recordAppliedInboxEvent(event('evt_1'), auditOf('evt_1')))._unsafeUnwrap()).toMatchObject({ _tag: 'InProgress', event: { eventId: 'evt_1', applied: false } });
        expect(await audited()).toEqual([]);
        expect((await env.store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_1']);
        env.clock.advance(31_000);
        expect((await env.store.recordAppliedInboxEvent(event('evt_1', env.clock.now().toISOString()), auditOf('evt_1')))._unsafeUnwrap()).toMatchObject({ _tag: 'Pending', event: { eventId: 'evt_1', receivedAt: AT } });
        expect(await audited()).toEqual(['audit_evt_1']);
        expect((await env.store.listPendingInbox(10))._unsafeUnwrap()).toEqual([]);
        // The lapsed holder's claim went with it: nobody applies the event again.
        expect((await env.store.recordInboxEvent(event('evt_1'), { holder: 'b', ttlMs: 30_000 }))._unsafeUnwrap()._tag).toBe('Applied');
      });

      it('applies an event recorded without a claim and never applied (a crash)', async () => {
        await env.store.recordInboxEvent(event('evt_1'));
        expect((await env.store.recordAppliedInboxEvent(event('evt_1'), auditOf('evt_1')))._unsafeUnwrap()._tag).toBe('Pending');
        expect((await env.store.listPendingInbox(10))._unsafeUnwrap()).toEqual([]);
        expect(await audited()).toEqual(['audit_evt_1']);
      });

      it('treats an event whose retention ended as new', async () => {
        await env.store.recordAppliedInboxEvent(event('evt_1'), auditOf('evt_1'));
        env.clock.advance(3 * 86_400_000 + 1);
        expect((await env.store.recordAppliedInboxEvent(event('evt_1', env.clock.now().toISOString()), { ...auditOf('evt_1'), id: 'audit_later' }))._unsafeUnwrap()).toEqual({ _tag: 'New' });
        expect(await audited()).toEqual(['audit_evt_1', 'audit_later']);
        expect((await env.store.pruneInbox(env.clock.now().toISOString(), 100))._unsafeUnwrap()).toBe(0);
      });
    });

    describe('accepting a delivery in one step', () => {
      const opened = (id: string): AuditEntry => ({ id: `audit_${id}`, trace: aTrace({ traceId: 'trace_accept' as TraceId }), action: 'webhook.EmailOpened', eventId: id as EventId, detail: {} });
      const accepted = async () => (await env.store.listAudit({ traceId: 'trace_accept' as TraceId }))._unsafeUnwrap().map((e) => e.id);

      it('records the pending events in acceptance order and the audit-only ones applied with their entries; a redelivery is a duplicate', async () => {
        const delivery = [{ event: event('evt_z') }, { event: event('evt_open'), audit: opened('evt_open') }, { event: event('evt_a') }];
        expect((await env.store.acceptInboxEvents(delivery))._unsafeUnwrap()).toEqual(['New', 'New', 'New']);
        // Received at the same instant: listed in the order accepted, not by id.
        expect((await env.store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_z', 'evt_a']);
        expect(await accepted()).toEqual(['audit_evt_open']);
        expect((await env.store.inboxBacklog())._unsafeUnwrap()).toEqual({ pending: 2, oldestReceivedAt: AT });
        expect((await env.store.acceptInboxEvents([...delivery, { event: event('evt_b') }]))._unsafeUnwrap()).toEqual(['Duplicate', 'Duplicate', 'Duplicate', 'New']);
        expect(await accepted()).toEqual(['audit_evt_open']);
        expect((await env.store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_z', 'evt_a', 'evt_b']);
      });

      it('leaves a pending event to the applier: it claims it, marks it applied, and the backlog empties', async () => {
        await env.store.acceptInboxEvents([{ event: { ...event('evt_1'), traceId: 'trace_delivery' } }]);
        const claimed = (await env.store.recordInboxEvent(event('evt_1'), { holder: 'applier', ttlMs: 30_000 }))._unsafeUnwrap();
        expect(claimed).toMatchObject({ _tag: 'Pending', event: { eventId: 'evt_1', traceId: 'trace_delivery', payload: { id: 'evt_1' } } });
        expect((await env.store.recordInboxEvent(event('evt_1'), { holder: 'other', ttlMs: 30_000 }))._unsafeUnwrap()._tag).toBe('InProgress');
        await env.store.markInboxApplied('evt_1' as EventId, AT);
        expect((await env.store.inboxBacklog())._unsafeUnwrap()).toEqual({ pending: 0, oldestReceivedAt: null });
        expect((await env.store.acceptInboxEvents([{ event: event('evt_1') }]))._unsafeUnwrap()).toEqual(['Duplicate']);
      });

      it('accepts again an event whose retention ended', async () => {
        await env.store.acceptInboxEvents([{ event: event('evt_1') }]);
        env.clock.advance(3 * 86_400_000 + 1);
        const later = env.clock.now().toISOString();
        expect((await env.store.acceptInboxEvents([{ event: event('evt_1', later) }]))._unsafeUnwrap()).toEqual(['New']);
        expect((await env.store.listPendingInbox(10))._unsafeUnwrap()).toMatchObject([{ eventId: 'evt_1', receivedAt: later }]);
      });
    });

    it('records without a claim as before, whoever holds one', async () => {
      await env.store.recordInboxEvent(event('evt_1'), { holder: 'a', ttlMs: 30_000 });
      expect((await env.store.recordInboxEvent(event('evt_1')))._unsafeUnwrap()._tag).toBe('Pending');
    });

    it('forgets events whose retention ended, and only those, up to the limit', async () => {
      await env.store.recordInboxEvent(event('evt_old', AT), { holder: 'a', ttlMs: 30_000 });
      await env.store.recordInboxEvent(event('evt_old2', AT));
      await env.store.markInboxApplied('evt_old2' as EventId, AT);
      env.clock.advance(86_400_000);
      await env.store.recordInboxEvent(event('evt_new', env.clock.now().toISOString()));
      // Nothing has ended yet.
      expect((await env.store.pruneInbox(env.clock.now().toISOString(), 100))._unsafeUnwrap()).toBe(0);
      env.clock.advance(2 * 86_400_000 + 1);
      expect((await env.store.pruneInbox(env.clock.now().toISOString(), 1))._unsafeUnwrap()).toBe(1);
      expect((await env.store.pruneInbox(env.clock.now().toISOString(), 100))._unsafeUnwrap()).toBe(1);
      expect((await env.store.pruneInbox(env.clock.now().toISOString(), 100))._unsafeUnwrap()).toBe(0);
      expect((await env.store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_new']);
      const inbox = (await env.store.exportRecords())._unsafeUnwrap().filter((r) => r.kind === 'inbox');
      expect(inbox.map((r) => (r.value as { eventId: string }).eventId)).toEqual(['evt_new']);
      // A forgotten id is new again, with no claim left over from before.
      expect((await env.store.recordInboxEvent(event('evt_old', env.clock.now().toISOString()), { holder: 'b', ttlMs: 30_000 }))._unsafeUnwrap()).toEqual({ _tag: 'New' });
    });

    it('lists pending events oldest first, up to the limit', async () => {
      await env.store.recordInboxEvent(event('evt_b', '2026-03-02T20:00:02.000Z'));
      await env.store.recordInboxEvent(event('evt_a', '2026-03-02T20:00:01.000Z'));
      await env.store.recordInboxEvent(event('evt_c', '2026-03-02T20:00:03.000Z'));
      expect((await env.store.listPendingInbox(2))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_a', 'evt_b']);
    });

    it('keeps quarantined deliveries, most recent last', async () => {
      for (const id of ['q1', 'q2', 'q3']) {
        await env.store.quarantine({ id, provider: 'rb2b', receivedAt: AT, reason: 'invalid body', body: `{"n":"${id}"}` });
      }
      expect((await env.store.listQuarantine(2))._unsafeUnwrap().map((q) => q.id)).toEqual(['q2', 'q3']);
    });
  });
};
