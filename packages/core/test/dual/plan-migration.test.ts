import { planMigration, unequalRecords, type StoreRecord } from '@caio/core';
import { aCard, aLead } from '@caio/testkit';
import { describe, expect, it } from 'vitest';

const lead = aLead('ada');
const card = aCard('card_1', lead);
const rec = (r: StoreRecord) => r;

describe('planMigration', () => {
  it('copies missing and older records, skips identical ones, refuses newer and unordered differences', () => {
    const source = [
      rec({ kind: 'lead', value: lead }),
      rec({ kind: 'card', value: { ...card, version: 3 } }),
      rec({ kind: 'day_sends', value: { dayKey: '2026-03-02', count: 2 } }),
      rec({ kind: 'fence', value: { resource: 'batch:1', token: 4 } }),
      rec({ kind: 'suppression', value: { target: 'email:ada@acme.example' as never, reason: 'unsubscribed', source: 'test', at: '2026-03-01T00:00:00.000Z' } }),
    ];
    const target = [
      rec({ kind: 'lead', value: lead }),
      rec({ kind: 'card', value: { ...card, version: 2 } }),
      rec({ kind: 'day_sends', value: { dayKey: '2026-03-02', count: 5 } }),
      rec({ kind: 'suppression', value: { target: 'email:ada@acme.example' as never, reason: 'bounced', source: 'test', at: '2026-03-01T00:00:00.000Z' } }),
    ];
    const plan = planMigration(source, target);
    expect(plan.same).toEqual(['lead:ada']);
    expect(plan.copy.map((r) => r.kind).sort()).toEqual(['card', 'fence']);
    expect(plan.refused).toEqual([
      { key: 'day:2026-03-02', reason: 'target_newer', detail: 'the target holds 5, the source 2' },
      { key: 'suppression:email:ada@acme.example', reason: 'conflict', detail: 'both hold a different record and it has no version to order them' },
    ]);
    expect(planMigration(source, []).copy).toHaveLength(source.length);
  });

  it('verification names the keys whose target record differs', () => {
    const source = [rec({ kind: 'lead', value: lead }), rec({ kind: 'card', value: card })];
    expect(unequalRecords(source, [rec({ kind: 'lead', value: lead }), rec({ kind: 'card', value: { ...card, body: 'changed' } })], new Set(['lead:ada', 'card:card_1']))).toEqual(['card:card_1']);
  });
});
