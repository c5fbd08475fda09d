import type { QuarantineDecision, QuarantineDecisions } from '@caio/core';
import { afterEach, describe, expect, it } from 'vitest';

/** What an adapter hands the contract. @category testing */
export interface QuarantineDecisionsHarness {
  readonly decisions: QuarantineDecisions;
  /** Another instance on the same data; given when the adapter is shared. */
  readonly reopen?: () => Promise<QuarantineDecisions>;
  readonly dispose?: () => Promise<void>;
}

const decision = (id: string, action: QuarantineDecision['action'], by = 'user:pat'): QuarantineDecision => ({ id, action, by, at: '2026-12-01T10:00:00.000Z', note: `${action} by ${by}` });

/**
 * The `QuarantineDecisions` contract: the first decision about a delivery wins and the
 * others get it back (`AlreadyDecided`); concurrent decisions leave exactly one; listings
 * are by id; with `shared`, another instance sees every decision. Every adapter runs it.
 *
 * @category testing
 */
export const quarantineDecisionsContract = (adapter: string, makeHarness: () => Promise<QuarantineDecisionsHarness>, { shared }: { readonly shared: boolean }): void => {
  describe(`QuarantineDecisions contract: ${adapter}`, () => {
    let harness: QuarantineDecisionsHarness | undefined;
    const open = async () => (harness = await makeHarness());
    afterEach(async () => {
      await harness?.dispose?.();
      harness = undefined;
    });

    it('records a decision once; a second one gets the first back', async () => {
      const { decisions } = await open();
      expect((await decisions.decide(decision('q2', 'discarded')))._unsafeUnwrap()).toEqual(decision('q2', 'discarded'));
      await decisions.decide(decision('q1', 'reapplied'));
      const second = await decisions.decide(decision('q2', 'reapplied', 'user:kim'));
      expect(second._unsafeUnwrapErr()).toMatchObject({ _tag: 'AlreadyDecided', id: 'q2', decision: decision('q2', 'discarded') });
      expect((await decisions.listDecisions())._unsafeUnwrap()).toEqual([decision('q1', 'reapplied'), decision('q2', 'discarded')]);
    });

    it('of decisions made at once about one delivery, exactly one wins', async () => {
      const { decisions } = await open();
      const results = await Promise.all(['a', 'b', 'c', 'd'].map((who) => decisions.decide(decision('q9', 'reapplied', `user:${who}`))));
      expect(results.filter((r) => r.isOk())).toHaveLength(1);
      expect((await decisions.listDecisions())._unsafeUnwrap()).toHaveLength(1);
    });

    // Registered only for shared adapters: a lone instance has no second view to check.
    if (shared) {
      it('another instance sees every decision and cannot repeat it', async () => {
        const h = await open();
        const other = await h.reopen!();
        await h.decisions.decide(decision('q1', 'discarded'));
        expect((await other.listDecisions())._unsafeUnwrap()).toEqual([decision('q1', 'discarded')]);
        expect((await other.decide(decision('q1', 'reapplied')))._unsafeUnwrapErr()._tag).toBe('AlreadyDecided');
      });
    }
  });
};
