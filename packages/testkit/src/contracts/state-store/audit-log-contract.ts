import type { AuditEntry, Card, Lead, TraceId } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { aTrace } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

/** The contract of `AuditLog`: append, the filtered listings, and archival at the head. @category testing */
export const auditLogContract = (env: StateStoreContractEnv): void => {
  describe('audit log', () => {
    it('appends audit entries and filters by trace, card and lead', async () => {
      const entry = (id: string, traceId: string, cardId?: string): AuditEntry => ({
        id,
        trace: aTrace({ traceId: traceId as TraceId }),
        action: 'card.approved',
        ...(cardId ? { cardId: cardId as Card['id'] } : {}),
        detail: { n: id },
      });
      await env.store.appendAudit(entry('a1', 't1', 'card_1'));
      await env.store.appendAudit(entry('a2', 't2', 'card_2'));
      await env.store.appendAudit(entry('a3', 't1'));
      expect((await env.store.listAudit({ traceId: 't1' as TraceId }))._unsafeUnwrap().map((e) => e.id)).toEqual(['a1', 'a3']);
      expect((await env.store.listAudit({ cardId: 'card_2' as Card['id'] }))._unsafeUnwrap().map((e) => e.id)).toEqual(['a2']);
      expect((await env.store.listAudit({ limit: 2 }))._unsafeUnwrap().map((e) => e.id)).toEqual(['a2', 'a3']);
      expect((await env.store.listAudit({}))._unsafeUnwrap()[0]).toEqual(entry('a1', 't1', 'card_1'));
    });

    describe('audit archival (head of the log)', () => {
      const entry = (id: string, traceId: string, extra: { cardId?: string; leadId?: string } = {}): AuditEntry => ({
        id,
        trace: aTrace({ traceId: traceId as TraceId }),
        action: 'send.sent',
        ...(extra.cardId ? { cardId: extra.cardId as Card['id'] } : {}),
        ...(extra.leadId ? { leadId: extra.leadId as Lead['id'] } : {}),
        detail: { n: id },
      });
      const ids = (entries: readonly AuditEntry[]) => entries.map((e) => e.id);
      const seed = async () => {
        await env.store.appendAudit(entry('a1', 't1', { cardId: 'card_1', leadId: 'lead_1' }));
        await env.store.appendAudit(entry('a2', 't2', { cardId: 'card_1' }));
        await env.store.appendAudit(entry('a3', 't1'));
        await env.store.appendAudit(entry('a4', 't3', { leadId: 'lead_1' }));
      };

      it('reads the oldest entries first, in append order', async () => {
        await seed();
        expect(ids((await env.store.listAuditHead(2))._unsafeUnwrap())).toEqual(['a1', 'a2']);
        expect((await env.store.listAuditHead(2))._unsafeUnwrap()[0]).toEqual(entry('a1', 't1', { cardId: 'card_1', leadId: 'lead_1' }));
        expect(ids((await env.store.listAuditHead(10))._unsafeUnwrap())).toEqual(['a1', 'a2', 'a3', 'a4']);
        expect((await env.store.listAuditHead(0))._unsafeUnwrap()).toEqual([]);
      });

      it('drops the matching head from the log and from every index, and nothing past the first mismatch', async () => {
        await seed();
        // a1 and a2 match the head; 'zz' does not, so a3 stays even though it comes next.
        expect((await env.store.dropAuditHead(['a1', 'a2', 'zz', 'a4']))._unsafeUnwrap()).toBe(2);
        expect(ids((await env.store.listAuditHead(10))._unsafeUnwrap())).toEqual(['a3', 'a4']);
        expect(ids((await env.store.listAudit({}))._unsafeUnwrap())).toEqual(['a3', 'a4']);
        expect(ids((await env.store.listAudit({ traceId: 't1' as TraceId }))._unsafeUnwrap())).toEqual(['a3']);
        expect(ids((await env.store.listAudit({ cardId: 'card_1' as Card['id'] }))._unsafeUnwrap())).toEqual([]);
        expect(ids((await env.store.listAudit({ leadId: 'lead_1' as Lead['id'] }))._unsafeUnwrap())).toEqual(['a4']);
        // Ids that are not the head (a4 is second) drop nothing; neither does an empty list.
        expect((await env.store.dropAuditHead(['a4']))._unsafeUnwrap()).toBe(0);
        expect((await env.store.dropAuditHead([]))._unsafeUnwrap()).toBe(0);
        expect(ids((await env.store.listAuditHead(10))._unsafeUnwrap())).toEqual(['a3', 'a4']);
        // New entries keep appending after a drop.
        await env.store.appendAudit(entry('a5', 't1'));
        expect(ids((await env.store.listAudit({ traceId: 't1' as TraceId }))._unsafeUnwrap())).toEqual(['a3', 'a5']);
      });

      it('drops each entry once when two archivers race for the same head', async () => {
        await seed();
        const [first, second] = await Promise.all([env.store.dropAuditHead(['a1', 'a2']), env.store.dropAuditHead(['a1', 'a2'])]);
        expect(first._unsafeUnwrap() + second._unsafeUnwrap()).toBe(2);
        expect(ids((await env.store.listAuditHead(10))._unsafeUnwrap())).toEqual(['a3', 'a4']);
      });
    });
  });
};
