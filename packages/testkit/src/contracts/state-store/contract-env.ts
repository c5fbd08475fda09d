import type { Card, StateStore } from '@caio/core';
import type { ManualClock } from '../../clock/manual-clock.js';

/** What an adapter hands the contract: a fresh, empty store, and how to restart it. @category testing */
export interface StateStoreHarness {
  readonly store: StateStore;
  /** Close the store and open it again on the same data; omit for volatile stores. */
  readonly reopen?: () => Promise<StateStore>;
  readonly dispose?: () => Promise<void>;
}

/** Builds a fresh harness; the store must read "now" from `clock` (inbox expiry). @category testing */
export type StateStoreFactory = (clock: ManualClock) => Promise<StateStoreHarness>;

/** @category testing */
export interface StateStoreContractOptions {
  /** Durable stores must provide `reopen`; the restart case then runs. */
  readonly durable: boolean;
}

/**
 * What each role's contract suite runs on: the store under test (fresh for each test),
 * its clock and harness. Role suites exercise the whole store, because their operations
 * meet other roles (a claim needs a queued card and reads the controls).
 *
 * @category testing
 */
export interface StateStoreContractEnv {
  readonly name: string;
  readonly factory: StateStoreFactory;
  readonly options: StateStoreContractOptions;
  /** The store of the running test (read it at call time: each test gets a fresh one). */
  readonly store: StateStore;
  readonly clock: ManualClock;
  harness(): StateStoreHarness;
  /** Reopens the store on the same data; the suite closes the reopened one after the test. */
  reopen(): Promise<StateStore>;
  /** Stores `card` as a new queued card and answers it. */
  putQueued(card: Card): Promise<Card>;
}
