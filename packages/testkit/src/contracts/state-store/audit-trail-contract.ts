import type { AuditEntry, EventId, IdentityKey, InboxEvent } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { AT, aTrace } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

const ADA = 'email:ada@acme.example' as IdentityKey;
const ADA_IN = 'linkedin:linkedin.com/in/ada' as IdentityKey;
const BOB = 'email:bob@beta.example' as IdentityKey;

const entry = (id: string, action: string, keys: readonly IdentityKey[] = []): AuditEntry => ({
  id,
  trace: aTrace(),
  action,
  ...(keys.length > 0 ? { identityKeys: keys } : {}),
  detail: { n: id },
});

/** The contract of `AuditTrail`: the audit entries by identity key and by indexed action, kept by every append and by archival. @category testing */
export const auditTrailContract = (env: StateStoreContractEnv): void => {
  describe('audit trail', () => {
    it('lists the entries naming an identity key, and those of an indexed action, newest `limit`, oldest first', async () => {
      await env.store.appendAudit(entry('a1', 'webhook.EmailOpened', [ADA, ADA_IN]));
      await env.store.appendAudit(entry('a2', 'webhook.ReplyReceived', [BOB]));
      await env.store.appendAudit(entry('a3', 'webhook.ReplyReceived', [ADA]));
      await env.store.appendAudit(entry('a4', 'reply.handled'));
      await env.store.appendAudit(entry('a5', 'card.approved'));
      const ids = (entries: readonly AuditEntry[]) => entries.map((e) => e.id);
      expect(ids((await env.store.listAuditByKey(ADA, 10))._unsafeUnwrap())).toEqual(['a1', 'a3']);
      expect(ids((await env.store.listAuditByKey(ADA, 1))._unsafeUnwrap())).toEqual(['a3']);
      expect(ids((await env.store.listAuditByKey(ADA_IN, 10))._unsafeUnwrap())).toEqual(['a1']);
      expect((await env.store.listAuditByKey(ADA, 10))._unsafeUnwrap()[0]).toEqual(entry('a1', 'webhook.EmailOpened', [ADA, ADA_IN]));
      expect(ids((await env.store.listAuditByAction('webhook.ReplyReceived', 10))._unsafeUnwrap())).toEqual(['a2', 'a3']);
      expect(ids((await env.store.listAuditByAction('reply.handled', 10))._unsafeUnwrap())).toEqual(['a4']);
      expect(ids((await env.store.listAuditByAction('webhook.LinkedInReplyReceived', 10))._unsafeUnwrap())).toEqual([]);
    });

    it('indexes the entries appended with a webhook event, and drops archived ones', async () => {
      const event = (id: string): Omit<InboxEvent, 'applied'> => ({ eventId: id as EventId, provider: 'instantly', receivedAt: AT, expiresAt: new Date(Date.parse(AT) + 7 * 86_400_000).toISOString(), payload: null });
      (await env.store.recordAppliedInboxEvent(event('evt_1'), entry('b1', 'webhook.EmailOpened', [ADA])))._unsafeUnwrap();
      (await env.store.recordInboxEvent({ ...event('evt_2'), payload: {} }))._unsafeUnwrap();
      (await env.store.markInboxApplied('evt_2' as EventId, AT, entry('b2', 'webhook.ReplyReceived', [ADA])))._unsafeUnwrap();
      expect((await env.store.listAuditByKey(ADA, 10))._unsafeUnwrap().map((e) => e.id)).toEqual(['b1', 'b2']);
      expect((await env.store.dropAuditHead(['b1']))._unsafeUnwrap()).toBe(1);
      expect((await env.store.listAuditByKey(ADA, 10))._unsafeUnwrap().map((e) => e.id)).toEqual(['b2']);
      expect((await env.store.listAuditByAction('webhook.ReplyReceived', 10))._unsafeUnwrap().map((e) => e.id)).toEqual(['b2']);
    });
  });
};
