import { aCard, aClaim, aLead, AT, aTrace } from '@caio/testkit';
import { describe, expect, it } from 'vitest';
import { initialControls, MemoryStateStore, type Card } from '../../src/index.js';

// The memory store hands out its records frozen instead of copying them: these show that
// nothing done to a record it handed out (or to one given to it) reaches the store.
const mutate = (change: () => void): void => expect(change).toThrow(TypeError);

describe('memory store records are handed out frozen', () => {
  it('a card read or written cannot be changed, to its nested arrays, and the store keeps its own', async () => {
    const store = new MemoryStateStore();
    const given = aCard('card_1', aLead('ada'), { status: 'queued' }) as { -readonly [K in keyof Card]: Card[K] };
    const written = (await store.putCard(given, null))._unsafeUnwrap();
    given.subject = 'changed by the caller after the write';
    const read = (await store.getCard('card_1' as Card['id']))._unsafeUnwrap()!;
    mutate(() => Object.assign(read, { status: 'sent' }));
    mutate(() => (read.leadKeys as unknown as string[]).push('email:other@example.com'));
    mutate(() => Object.assign(written, { version: 99 }));
    const again = (await store.getCard('card_1' as Card['id']))._unsafeUnwrap()!;
    expect(again).toMatchObject({ status: 'queued', version: 1, subject: written.subject });
    expect(again.subject).not.toBe(given.subject);
    expect(again.leadKeys).toHaveLength(given.leadKeys.length);
  });

  it('a lead, the controls, a ledger entry and the policy inputs cannot be changed through what was read', async () => {
    const store = new MemoryStateStore();
    const lead = (await store.putLead(aLead('ada'), null))._unsafeUnwrap();
    await store.putControls({ ...initialControls(AT), version: 1 }, 0);
    const card = (await store.putCard(aCard('card_1', lead, { status: 'queued' }), null))._unsafeUnwrap();
    const claimed = (await store.claimSend(aClaim(card)))._unsafeUnwrap();
    const receipt = { id: 'm1' };
    const sent = (await store.recordOutcome({ cardId: card.id, step: 0, attemptId: claimed.attemptId, outcome: { state: 'sent', receipt }, trace: aTrace() }))._unsafeUnwrap();
    receipt.id = 'changed by the caller after the write';
    const inputs = (await store.readPolicyInputs({ dayKey: '2026-03-02', keys: card.leadKeys, suppressionTargets: [], dayRecords: 5, previousStep: { identityKey: card.leadKeys[0]!, step: 0, channel: card.channel } }))._unsafeUnwrap();
    mutate(() => Object.assign(lead, { firstName: 'Eve' }));
    mutate(() => Object.assign(inputs.controls.emergencyStop, { engaged: true }));
    mutate(() => Object.assign(inputs.firstTouches[0]!, { cardId: 'card_other' }));
    mutate(() => Object.assign(inputs.previousStep!, { state: 'failed' }));
    mutate(() => Object.assign(sent, { state: 'failed' }));
    mutate(() => Object.assign(sent.receipt!, { id: 'm2' }));
    expect((await store.getLead(lead.id))._unsafeUnwrap()?.firstName).toBe(lead.firstName);
    expect((await store.getControls())._unsafeUnwrap().emergencyStop.engaged).toBe(false);
    expect((await store.getFirstTouches(card.leadKeys))._unsafeUnwrap()[0]?.cardId).toBe(card.id);
    expect((await store.getLedgerEntry(card.id, 0))._unsafeUnwrap()).toMatchObject({ state: 'sent', receipt: { id: 'm1' } });
    expect((await store.getCard(card.id))._unsafeUnwrap()?.receipt).toEqual({ id: 'm1' });
  });
});
