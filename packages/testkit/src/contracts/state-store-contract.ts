import type { StateStore } from '@caio/core';
import { afterEach, beforeEach, describe } from 'vitest';
import { AT } from '../builders.js';
import { ManualClock } from '../clock/manual-clock.js';
import { auditLogContract } from './state-store/audit-log-contract.js';
import { auditTrailContract } from './state-store/audit-trail-contract.js';
import { batchesContract } from './state-store/batches-contract.js';
import { cadenceStopsContract } from './state-store/cadence-stops-contract.js';
import { cardsContract } from './state-store/cards-contract.js';
import type { StateStoreContractEnv, StateStoreContractOptions, StateStoreFactory, StateStoreHarness } from './state-store/contract-env.js';
import { controlsContract } from './state-store/controls-contract.js';
import { dayRecordsContract } from './state-store/day-records-contract.js';
import { leadsContract } from './state-store/leads-contract.js';
import { reviewQueueContract } from './state-store/review-queue-contract.js';
import { sendLedgerContract } from './state-store/send-ledger-contract.js';
import { channelCapsContract } from './state-store/channel-caps-contract.js';
import { eventCountsContract } from './state-store/event-counts-contract.js';
import { storeAdminContract } from './state-store/store-admin-contract.js';
import { suppressionsContract } from './state-store/suppressions-contract.js';
import { webhookInboxContract } from './state-store/webhook-inbox-contract.js';
import { identityStoreContract } from './state-store/identity-store-contract.js';
import { suppressionListContract } from './state-store/suppression-list-contract.js';
import { erasureStoreContract } from './state-store/erasure-store-contract.js';
import { policyInputsContract } from './state-store/policy-inputs-contract.js';
import { expectListingsMatchScan, storeIndexesContract } from './state-store/store-indexes-contract.js';
export { indexOps, type IndexOp, type IndexOpsContext } from './state-store/store-indexes-ops.js';

export type { StateStoreContractEnv, StateStoreContractOptions, StateStoreFactory, StateStoreHarness } from './state-store/contract-env.js';
export { channelCapsContract, eventCountsContract, expectListingsMatchScan, storeIndexesContract, auditLogContract, auditTrailContract, batchesContract, cadenceStopsContract, cardsContract, reviewQueueContract, controlsContract, dayRecordsContract, leadsContract, sendLedgerContract, storeAdminContract, suppressionsContract, webhookInboxContract, identityStoreContract, suppressionListContract, erasureStoreContract, policyInputsContract };

/**
 * The `StateStore` contract: every adapter (memory, file, Redis, dual) runs this same
 * suite, so "behaves like the reference" is checked, not hoped for. It is the role
 * suites (one per role port, in `state-store/`) run on one fresh store per test.
 *
 * @category testing
 */
export const describeStateStoreContract = (name: string, factory: StateStoreFactory, options: StateStoreContractOptions = { durable: false }): void => {
  describe(`StateStore contract (${name})`, () => {
    let clock: ManualClock;
    let harness: StateStoreHarness;
    let store: StateStore;

    beforeEach(async () => {
      clock = new ManualClock(AT);
      harness = await factory(clock);
      store = harness.store;
    });

    afterEach(async () => {
      await store.close();
      await harness.dispose?.();
    });

    const env: StateStoreContractEnv = {
      name,
      factory,
      options,
      get store() {
        return store;
      },
      get clock() {
        return clock;
      },
      harness: () => harness,
      reopen: async () => {
        if (!harness.reopen) throw new Error(`${name} is declared durable but its harness has no reopen()`);
        store = await harness.reopen();
        return store;
      },
      putQueued: async (card) => (await store.putCard({ ...card, status: 'queued' }, null))._unsafeUnwrap(),
    };

    leadsContract(env);
    cardsContract(env);
    reviewQueueContract(env);
    batchesContract(env);
    sendLedgerContract(env);
    channelCapsContract(env);
    suppressionsContract(env);
    cadenceStopsContract(env);
    controlsContract(env);
    webhookInboxContract(env);
    auditLogContract(env);
    auditTrailContract(env);
    dayRecordsContract(env);
    storeAdminContract(env);
    identityStoreContract(env);
    suppressionListContract(env);
    erasureStoreContract(env);
    eventCountsContract(env);
    storeIndexesContract(env);
    policyInputsContract(env);
  });
};
