import { initialControls, planRestore, touchesFromAudit, type AuditEntry, type CardId, type StoreRecord } from '@caio/core';
import { aLead, aTrace, AT } from '@caio/testkit';
import { describe, expect, it } from 'vitest';

const lead = (id: string): StoreRecord => ({ kind: 'lead', value: aLead(id) });

describe('re-import after an accepted loss', () => {
  it('restores only what the store lacks, first source first, never the controls', () => {
    const newer = { ...aLead('ada'), version: 7 };
    const plan = planRestore(
      [{ kind: 'lead', value: newer }],
      [lead('ada'), lead('bob'), { kind: 'lead', value: { ...aLead('bob'), version: 9 } }, { kind: 'controls', value: initialControls(AT) }],
    );
    expect(plan.restore).toEqual([lead('bob')]);
    expect(plan.alreadyPresent).toBe(1);
    expect(plan.controlsSkipped).toBe(1);
  });

  it('rebuilds the first touches of claimed step-0 sends from the audit, and lists claims without lead keys', () => {
    const entry = (id: string, detail: Record<string, unknown>, action = 'send.claimed'): AuditEntry => ({ id, trace: aTrace({ at: AT }), action, cardId: `card_${id}` as CardId, detail });
    const found = touchesFromAudit([
      entry('a', { step: 0, channel: 'ghl_email', leadKeys: ['email:ada@acme.example', 'linkedin:ada'] }),
      entry('b', { step: 1, channel: 'ghl_email', leadKeys: ['email:bob@acme.example'] }),
      entry('c', { step: 0, channel: 'instantly' }),
      entry('d', { step: 0, channel: 'ghl_email', leadKeys: ['email:dan@acme.example'] }, 'send.decided'),
    ]);
    expect(found.touches).toEqual([
      { kind: 'first_touch', value: { identityKey: 'email:ada@acme.example', cardId: 'card_a', channel: 'ghl_email', at: AT } },
      { kind: 'first_touch', value: { identityKey: 'linkedin:ada', cardId: 'card_a', channel: 'ghl_email', at: AT } },
    ]);
    expect(found.withoutKeys).toEqual(['card_c']);
  });
});
