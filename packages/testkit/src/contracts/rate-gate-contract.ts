import type { RateGate, RateWindow } from '@caio/core';
import { afterEach, describe, expect, it } from 'vitest';

/** What an adapter hands the contract: gates by name, and whether one name is shared. @category testing */
export interface RateGateHarness {
  /** A gate for `windows` under `name`; a shared adapter returns gates that share a name's count. */
  readonly gate: (name: string, windows: readonly RateWindow[]) => RateGate;
  /** True when two gates made with the same name count together (Redis), false when each counts alone (local). */
  readonly shared: boolean;
  readonly dispose?: () => Promise<void>;
}

const take = async (gate: RateGate): Promise<number> => (await gate.tryAcquire())._unsafeUnwrap();
const takeMany = async (gate: RateGate, n: number): Promise<number[]> => {
  const answers: number[] = [];
  for (let i = 0; i < n; i++) answers.push(await take(gate));
  return answers;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let unique = 0;
const nameFor = (what: string) => `contract-${process.pid}-${Date.now()}-${unique++}-${what}`;

/**
 * The `RateGate` contract on real time with short windows: the limit is admitted, the
 * next request is told how long to wait, waiting that long admits it, the tightest of
 * several windows binds, and gates of one name count together exactly when the adapter
 * says they are shared. Every adapter (local, Redis) runs it.
 *
 * @category testing
 */
export const rateGateContract = (adapter: string, makeHarness: () => Promise<RateGateHarness>): void => {
  describe(`RateGate contract: ${adapter}`, () => {
    let harness: RateGateHarness | undefined;
    const open = async () => (harness = await makeHarness());
    afterEach(async () => {
      await harness?.dispose?.();
      harness = undefined;
    });

    it('admits the limit, then answers a wait no longer than the window and its margin', async () => {
      const h = await open();
      const gate = h.gate(nameFor('limit'), [{ limit: 5, windowMs: 300 }]);
      expect(await takeMany(gate, 5)).toEqual([0, 0, 0, 0, 0]);
      const wait = await take(gate);
      // The margin is 10% of the window, at least 20 ms: 300 ms are kept 330 ms.
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(331);
      // Asking again does not count: the answer is still a wait.
      expect(await take(gate)).toBeGreaterThan(0);
    });

    it('admits again once the answered wait has passed', async () => {
      const h = await open();
      const gate = h.gate(nameFor('again'), [{ limit: 2, windowMs: 100 }]);
      await takeMany(gate, 2);
      const wait = await take(gate);
      expect(wait).toBeGreaterThan(0);
      await sleep(wait + 5);
      expect(await take(gate)).toBe(0);
    });

    it('is bound by the tightest of several windows', async () => {
      const h = await open();
      // 3 per 100 ms and 4 per 2 s: after 3, a short wait; after the 4th, a long one.
      const gate = h.gate(nameFor('windows'), [
        { limit: 3, windowMs: 100 },
        { limit: 4, windowMs: 2_000 },
      ]);
      await takeMany(gate, 3);
      const short = await take(gate);
      expect(short).toBeGreaterThan(0);
      expect(short).toBeLessThanOrEqual(121);
      await sleep(short + 5);
      expect(await take(gate)).toBe(0);
      const long = await take(gate);
      expect(long).toBeGreaterThan(1_000);
      expect(long).toBeLessThanOrEqual(2_201);
    });

    it('admits everything when no window is configured', async () => {
      const h = await open();
      const gate = h.gate(nameFor('none'), []);
      expect(await takeMany(gate, 50)).toEqual(Array(50).fill(0));
    });

    it('counts gates of one name together exactly when shared, and keeps names apart', async () => {
      const h = await open();
      const name = nameFor('shared');
      const windows = [{ limit: 4, windowMs: 5_000 }];
      const a = h.gate(name, windows);
      const b = h.gate(name, windows);
      const other = h.gate(nameFor('other'), windows);
      expect(await takeMany(a, 3)).toEqual([0, 0, 0]);
      const fromB = await takeMany(b, 2);
      if (h.shared) expect(fromB[0] === 0 && fromB[1]! > 0).toBe(true);
      else expect(fromB).toEqual([0, 0]);
      // Another name has its own count either way.
      expect(await takeMany(other, 4)).toEqual([0, 0, 0, 0]);
    });
  });
};
