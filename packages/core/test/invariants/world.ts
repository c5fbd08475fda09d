import {
  DEFAULT_REJECTION_TAXONOMY,
  DEFAULT_SEND_POLICY_CONFIG,
  dayKey,
  isWithinWindow,
  silentLogger,
  suppressionTargetsForKeys,
  type CoreDeps,
  type SendRequest,
  type StateStore,
} from '@caio/core';
import { FakeChannel, InMemoryLockManager, InMemoryStateStore, ManualClock, SequentialIds, withStoreFaults } from '@caio/testkit';

/** What the fake providers saw at the moment of each call: the facts the invariants judge. */
export interface CallObservation {
  readonly cardId: string;
  readonly step: number;
  readonly channel: string;
  readonly leadKeys: readonly string[];
  readonly contentDigest: string;
  readonly stopEngaged: boolean;
  readonly inWindow: boolean;
  readonly windowOverride: boolean;
  readonly dayCount: number;
  readonly suppressed: boolean;
  readonly batchContext: string | null;
}

export const DAILY_CAP = 6;
export const MAPPED = { instantly: new Set(['cmp-mapped']), heyreach: new Set(['4242']) } as const;

/**
 * One small world for invariant tests: the reference store (optionally wrapped to
 * inject faults), three fake channels, a manual clock inside the send window, and an
 * observer that records the state of the world at every provider call.
 */
export const makeWorld = (options: { readonly locks?: boolean; readonly wrapStore?: (s: StateStore) => StateStore } = {}) => {
  // Monday 2026-03-02 15:30 in New York (EST): inside the default 15:00-17:00 window.
  const clock = new ManualClock('2026-03-02T20:30:00.000Z');
  const ids = new SequentialIds();
  const memory = new InMemoryStateStore(() => clock.now());
  const faults = withStoreFaults(memory);
  const store = options.wrapStore ? options.wrapStore(faults.store) : faults.store;
  const channels = {
    ghl_email: new FakeChannel('ghl_email'),
    instantly: new FakeChannel('instantly'),
    heyreach: new FakeChannel('heyreach'),
  };
  const policy = { ...DEFAULT_SEND_POLICY_CONFIG, dailyCap: DAILY_CAP };
  const observations: CallObservation[] = [];
  let batchContext: string | null = null;

  const observe = async (request: SendRequest): Promise<void> => {
    const state = memory.dump();
    const now = clock.now();
    const controls = state.controls;
    const targets = suppressionTargetsForKeys(request.card.leadKeys);
    observations.push({
      cardId: request.card.id,
      step: request.card.step,
      channel: request.card.channel,
      leadKeys: request.card.leadKeys,
      contentDigest: request.card.contentDigest,
      stopEngaged: controls?.emergencyStop.engaged ?? false,
      inWindow: isWithinWindow(now, policy.window, policy.timeZone),
      windowOverride: controls?.sendWindowOverride ?? false,
      dayCount: state.daySends[dayKey(now, policy.timeZone)] ?? 0,
      suppressed: targets.some((t) => state.suppressions[t] !== undefined),
      batchContext,
    });
  };
  for (const channel of Object.values(channels)) channel.setHook(observe);

  const deps: CoreDeps = {
    store,
    clock,
    ids,
    logger: silentLogger,
    channels,
    ...(options.locks ? { locks: new InMemoryLockManager(clock) } : {}),
    policy,
    campaigns: () => MAPPED,
    taxonomy: DEFAULT_REJECTION_TAXONOMY,
    sendGhlFirstTouchOnApprove: true,
  };

  return {
    clock,
    memory,
    faults,
    channels,
    deps,
    observations,
    setBatchContext: (id: string | null) => {
      batchContext = id;
    },
  };
};

export type World = ReturnType<typeof makeWorld>;
