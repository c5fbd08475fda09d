import { initialControls, suppressionTargetsForKeys, type IdentityKey, type PolicyInputsRequest, type StateStore, type SuppressionTarget } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { aCard, aClaim, aLead, AT } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

/** What the single role reads answer for the same request: the reference `readPolicyInputs` must equal. */
const singleReads = async (store: StateStore, request: PolicyInputsRequest) => {
  const previous = request.previousStep;
  const ledger = previous ? (await store.listLedger({ identityKey: previous.identityKey, limit: 1000 }))._unsafeUnwrap().items : [];
  return {
    controls: (await store.getControls())._unsafeUnwrap(),
    sentToday: (await store.countDaySends(request.dayKey))._unsafeUnwrap(),
    sentTodayByChannel: (await store.countDayChannelSends(request.dayKey))._unsafeUnwrap(),
    dayRecords: (await store.listDayRecords(request.dayRecords))._unsafeUnwrap(),
    suppressions: (await store.findSuppressions(request.suppressionTargets))._unsafeUnwrap(),
    firstTouches: (await store.getFirstTouches(request.keys))._unsafeUnwrap(),
    previousStep: (previous && ledger.find((e) => e.step === previous.step && e.channel === previous.channel && (e.campaignId ?? null) === (previous.campaignId ?? null))) ?? null,
    cadenceStops: (await store.findCadenceStops(request.keys))._unsafeUnwrap(),
  };
};

/** The contract of `PolicyInputs`: one call answers what the single reads answer, read fresh. @category testing */
export const policyInputsContract = (env: StateStoreContractEnv): void => {
  describe('policy inputs', () => {
    const lead = aLead('ada');
    const keys = [...aCard('card_x', lead).leadKeys] as IdentityKey[];
    const targets: SuppressionTarget[] = [...suppressionTargetsForKeys(keys), 'domain:acme.example' as SuppressionTarget];
    const request = (overrides: Partial<PolicyInputsRequest> = {}): PolicyInputsRequest => ({ dayKey: '2026-03-02', keys, suppressionTargets: targets, dayRecords: 2, ...overrides });

    it('answers an empty store with the defaults', async () => {
      expect((await env.store.readPolicyInputs(request({ previousStep: { identityKey: keys[0]!, step: 0, channel: 'ghl_email' } })))._unsafeUnwrap()).toEqual({
        controls: initialControls(new Date(0).toISOString()),
        sentToday: 0,
        sentTodayByChannel: {},
        dayRecords: [],
        suppressions: [],
        firstTouches: [],
        previousStep: null,
        cadenceStops: [],
      });
    });

    it('answers in one call what the single reads answer', async () => {
      await env.store.putControls({ ...initialControls(AT), pausedCampaigns: ['cmp_b'], version: 1 }, 0);
      const first = await env.putQueued(aCard('card_1', lead, { channel: 'instantly', campaignId: 'cmp_a' }));
      (await env.store.claimSend(aClaim(first)))._unsafeUnwrap();
      (await env.store.recordOutcome({ cardId: first.id, step: 0, attemptId: aClaim(first).attemptId, outcome: { state: 'sent', receipt: { id: 'm1' } }, trace: aClaim(first).trace }))._unsafeUnwrap();
      // Another person's send, counted today, and its ledger entry not under this person's key.
      (await env.store.claimSend(aClaim(await env.putQueued(aCard('card_2', aLead('bob'), { channel: 'instantly', campaignId: 'cmp_a' })))))._unsafeUnwrap();
      // And one on another channel: the day's counts come per channel too.
      (await env.store.claimSend(aClaim(await env.putQueued(aCard('card_3', aLead('cyd'))))))._unsafeUnwrap();
      await env.store.addSuppression({ target: targets[0]!, reason: 'unsubscribed', source: 'test', at: AT });
      await env.store.addSuppression({ target: 'domain:acme.example' as SuppressionTarget, reason: 'manual', source: 'test', at: AT });
      await env.store.addCadenceStop({ identityKey: keys[0]!, reason: 'replied', at: AT });
      for (const day of ['2026-02-27', '2026-03-01', '2026-02-28']) await env.store.putDayRecord({ day, liveSends: 1, gateFailures: 0, unresolvedSends: 0, clean: true, computedAt: AT });

      const followUp = request({ previousStep: { identityKey: keys[0]!, step: 0, channel: 'instantly', campaignId: 'cmp_a' } });
      const inputs = (await env.store.readPolicyInputs(followUp))._unsafeUnwrap();
      expect(inputs).toEqual(await singleReads(env.store, followUp));
      expect(inputs.sentToday).toBe(3);
      expect(inputs.sentTodayByChannel).toEqual({ instantly: 2, ghl_email: 1 });
      expect(inputs.previousStep).toMatchObject({ cardId: 'card_1', state: 'sent', receipt: { id: 'm1' } });
      expect(inputs.dayRecords.map((r) => r.day)).toEqual(['2026-02-28', '2026-03-01']);
      expect(inputs.suppressions.map((s) => s.target).sort()).toEqual([targets[0], 'domain:acme.example'].sort());
      expect(inputs.firstTouches.map((t) => t.cardId)).toEqual(keys.map(() => 'card_1'));
      expect(inputs.cadenceStops.map((s) => s.identityKey)).toEqual([keys[0]]);
    });

    it('finds the previous step only on the same step, channel and campaign', async () => {
      const first = await env.putQueued(aCard('card_1', lead, { channel: 'instantly', campaignId: 'cmp_a' }));
      (await env.store.claimSend(aClaim(first)))._unsafeUnwrap();
      const previous = { identityKey: keys[0]!, step: 0, channel: 'instantly' } as const;
      const read = async (wanted: PolicyInputsRequest['previousStep']) => (await env.store.readPolicyInputs(request({ ...(wanted ? { previousStep: wanted } : {}) })))._unsafeUnwrap().previousStep?.cardId ?? null;
      expect(await read({ ...previous, campaignId: 'cmp_a' })).toBe('card_1');
      expect(await read({ ...previous, campaignId: 'cmp_b' })).toBeNull();
      expect(await read(previous)).toBeNull();
      expect(await read({ ...previous, campaignId: 'cmp_a', channel: 'ghl_email' })).toBeNull();
      expect(await read({ ...previous, campaignId: 'cmp_a', step: 1 })).toBeNull();
      expect(await read(undefined)).toBeNull();
    });

    it('reads fresh on every call: a stop engaged or a suppression added in between is seen', async () => {
      expect((await env.store.readPolicyInputs(request()))._unsafeUnwrap().controls.emergencyStop.engaged).toBe(false);
      const controls = (await env.store.getControls())._unsafeUnwrap();
      await env.store.putControls({ ...controls, emergencyStop: { engaged: true, reason: 'test', by: 'user:test', at: AT }, version: controls.version + 1 }, controls.version);
      await env.store.addSuppression({ target: targets[0]!, reason: 'bounced', source: 'test', at: AT });
      const after = (await env.store.readPolicyInputs(request()))._unsafeUnwrap();
      expect(after.controls.emergencyStop.engaged).toBe(true);
      expect(after.suppressions.map((s) => s.target)).toEqual([targets[0]]);
    });
  });
};
