import { DualStateStore, MemoryDriftLedger, reconcileStores, type DriftLedger, type StateStore } from '@caio/core';
import { errAsync, okAsync } from 'neverthrow';
import { aCard, aClaim, aLead, InMemoryStateStore, ManualClock, SequentialIds, withStoreFaults } from '@caio/testkit';
import { describe, expect, it } from 'vitest';

const setup = (options: { dualRead: boolean; fallbackWrite: boolean }) => {
  const clock = new ManualClock();
  const primary = new InMemoryStateStore(() => clock.now());
  const secondaryMemory = new InMemoryStateStore(() => clock.now());
  const secondary = withStoreFaults(secondaryMemory);
  const dual = new DualStateStore(primary, secondary.store, { ...options, clock, ids: new SequentialIds() });
  return { clock, primary, secondaryMemory, secondary, dual };
};

const fillBoth = async (stores: readonly StateStore[]) => {
  const lead = aLead('ada');
  for (const s of stores) {
    await s.putLead(lead, null);
    await s.putCard({ ...aCard('card_1', lead), status: 'queued' }, null);
  }
  return lead;
};

describe('DualStateStore drift', () => {
  it('answers from the primary and reports a shadow-read mismatch with its key and an audit entry', async () => {
    const { primary, secondaryMemory, dual } = setup({ dualRead: true, fallbackWrite: false });
    const lead = aLead('ada');
    await primary.putCard(aCard('card_1', lead), null);
    const answer = (await dual.getCard(aCard('card_1', lead).id))._unsafeUnwrap();
    expect(answer?.id).toBe('card_1');
    const drift = dual.drift();
    expect(drift.readMismatches).toBe(1);
    expect(drift.unrepaired.map((d) => [d.key, d.kind])).toEqual([['card:card_1', 'read_mismatch']]);
    const audit = (await primary.listAudit({}))._unsafeUnwrap();
    expect(audit.map((a) => a.action)).toEqual(['store.drift_detected']);
    expect((await secondaryMemory.listAudit({}))._unsafeUnwrap()).toEqual([]);
  });

  it('shows zero mismatches when both stores saw the same writes (A/A)', async () => {
    const { dual, secondary } = setup({ dualRead: true, fallbackWrite: true });
    await fillBoth([dual]);
    const card = (await dual.getCard(aCard('card_1', aLead('ada')).id))._unsafeUnwrap()!;
    await dual.claimSend(aClaim(card));
    await dual.getCard(card.id);
    await dual.getFirstTouches(card.leadKeys);
    await dual.countDaySends('2026-03-02');
    await dual.listCards({});
    expect(dual.drift()).toMatchObject({ readMismatches: 0, partialWrites: 0, unrepaired: [] });
    expect(secondary.calls).toContain('claimSend');
  });

  it('records a write the secondary failed, and refuses to send the divergent card', async () => {
    const { dual, secondary } = setup({ dualRead: false, fallbackWrite: true });
    const lead = await fillBoth([dual]);
    const card = (await dual.getCard(aCard('card_1', lead).id))._unsafeUnwrap()!;
    secondary.fail('putCard', { error: { _tag: 'StoreUnavailable', message: 'ENOSPC: no space left on device' } });
    const edited = { ...card, body: 'edited', version: card.version + 1 };
    expect((await dual.putCard(edited, card.version)).isOk()).toBe(true);
    const drift = dual.drift();
    expect(drift.partialWrites).toBe(1);
    expect(drift.unrepaired.map((d) => d.key)).toEqual(['card:card_1']);
    expect(drift.unrepaired[0]?.detail).toContain('ENOSPC');
    const claim = await dual.claimSend(aClaim(edited));
    expect(claim._unsafeUnwrapErr()).toMatchObject({ _tag: 'StoreBlocked' });
    expect((await dual.markRepaired(['card:card_1']))._unsafeUnwrap()).toBe(1);
    expect((await dual.claimSend(aClaim(edited))).isOk()).toBe(true);
  });

  it('keeps drift in the shared ledger: another instance and a restarted one refuse the card until it is repaired', async () => {
    const clock = new ManualClock();
    const primary = new InMemoryStateStore(() => clock.now());
    const secondary = withStoreFaults(new InMemoryStateStore(() => clock.now()));
    const driftLedger = new MemoryDriftLedger(); // in the app: Redis, shared by every instance
    const instance = () => new DualStateStore(primary, secondary.store, { dualRead: false, fallbackWrite: true, clock, ids: new SequentialIds(), driftLedger });
    const a = instance();
    const b = instance();
    const lead = await fillBoth([a]);
    const card = (await a.getCard(aCard('card_1', lead).id))._unsafeUnwrap()!;
    secondary.fail('putCard', { error: { _tag: 'StoreUnavailable', message: 'ENOSPC' } });
    const edited = { ...card, body: 'edited', version: card.version + 1 };
    expect((await a.putCard(edited, card.version)).isOk()).toBe(true);

    expect((await b.claimSend(aClaim(edited)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'StoreBlocked', reason: expect.stringContaining('card:card_1') });
    const restarted = instance();
    expect(restarted.drift().unrepaired).toEqual([]); // not read yet...
    expect(((await restarted.health())._unsafeUnwrap().detail as { unrepaired: number }).unrepaired).toBe(1); // ...health reads the ledger
    expect((await restarted.listDrift())._unsafeUnwrap().map((d) => d.key)).toEqual(['card:card_1']);
    expect((await restarted.claimSend(aClaim(edited)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'StoreBlocked' });

    // An operator repairs from yet another process: every instance may send again.
    expect((await instance().markRepaired(['card:card_1']))._unsafeUnwrap()).toBe(1);
    expect((await b.claimSend(aClaim(edited))).isOk()).toBe(true);
  });

  it('refuses a claim when the drift ledger cannot be read (fail closed)', async () => {
    const clock = new ManualClock();
    const primary = new InMemoryStateStore(() => clock.now());
    const broken: DriftLedger = { ...new MemoryDriftLedger(), find: () => errAsync({ _tag: 'StoreUnavailable', message: 'redis down' }), record: () => okAsync(undefined), list: () => okAsync([]), clear: () => okAsync(0) };
    const dual = new DualStateStore(primary, new InMemoryStateStore(() => clock.now()), { dualRead: false, fallbackWrite: false, clock, ids: new SequentialIds(), driftLedger: broken });
    const lead = await fillBoth([dual]);
    const card = (await dual.getCard(aCard('card_1', lead).id))._unsafeUnwrap()!;
    expect((await dual.claimSend(aClaim(card)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'StoreBlocked', reason: expect.stringContaining('drift ledger (StoreUnavailable)') });
  });

  it('never touches the secondary when both flags are off (the defaults)', async () => {
    const { dual, secondary } = setup({ dualRead: false, fallbackWrite: false });
    await fillBoth([dual]);
    await dual.getCard(aCard('card_1', aLead('ada')).id);
    expect(secondary.calls).toEqual([]);
  });

  it('reports drift in health without making the store unhealthy', async () => {
    const { primary, dual } = setup({ dualRead: true, fallbackWrite: false });
    await primary.putLead(aLead('ada'), null);
    await dual.getLead(aLead('ada').id);
    const health = (await dual.health())._unsafeUnwrap();
    expect(health).toMatchObject({ ok: true, backend: 'dual(memory+memory)', detail: { readMismatches: 1, unrepaired: 1 } });
    expect(health.sendsBlocked).toBeUndefined();
  });
});

describe('reconcileStores', () => {
  it('lists exactly the keys that differ, repairs them from the primary, and audits the repair', async () => {
    const { primary, secondaryMemory, secondary, dual } = setup({ dualRead: false, fallbackWrite: true });
    const lead = await fillBoth([dual]);
    const card = (await dual.getCard(aCard('card_1', lead).id))._unsafeUnwrap()!;
    secondary.fail('putCard', { error: { _tag: 'StoreUnavailable', message: 'EIO' } });
    await dual.putCard({ ...card, body: 'edited', version: card.version + 1 }, card.version);
    await secondaryMemory.addSuppression({ target: 'domain:only-secondary.example', reason: 'manual', source: 'ops', at: card.createdAt });
    const trace = { traceId: 'trace_reconcile' as never, actor: 'ops', at: card.createdAt, origin: 'cli' as const };

    const report = (await reconcileStores(primary, secondaryMemory, new SequentialIds(), { repair: false, trace }))._unsafeUnwrap();
    expect(report.differences.map((d) => [d.key, d.kind])).toEqual([
      ['card:card_1', 'different'],
      ['suppression:domain:only-secondary.example', 'only_in_secondary'],
    ]);
    expect(report.repaired).toEqual([]);

    const repaired = (await reconcileStores(primary, secondaryMemory, new SequentialIds(), { repair: true, trace }))._unsafeUnwrap();
    expect(repaired.repaired).toEqual(['card:card_1']);
    expect(repaired.needsOperator).toEqual(['suppression:domain:only-secondary.example']);
    expect((await secondaryMemory.getCard(card.id))._unsafeUnwrap()?.body).toBe('edited');
    const again = (await reconcileStores(primary, secondaryMemory, new SequentialIds(), { repair: false, trace }))._unsafeUnwrap();
    expect(again.differences.map((d) => d.key)).toEqual(['suppression:domain:only-secondary.example']);
    expect((await primary.listAudit({ traceId: 'trace_reconcile' as never }))._unsafeUnwrap().map((a) => a.action)).toEqual(['store.drift_repaired']);
  });
});
