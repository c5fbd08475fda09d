/**
 * @caio/testkit/contracts — the contract suite of each port, for every adapter (yours
 * included) to run. The only part of the test kit that needs vitest: the suites declare
 * `describe`/`it` blocks. The in-memory adapters, clock, ids and arbitraries are in
 * `@caio/testkit`, which imports without vitest.
 */
export * from './state-store-contract.js';
export * from './lock-manager-contract.js';
export * from './rate-gate-contract.js';
export * from './outbound-channel-fault-contract.js';
export * from './lease-inspector-contract.js';
export * from './users-contract.js';
export * from './quarantine-decisions-contract.js';
export * from './work-queue-contract.js';
export * from './batch-listing-contract.js';
export * from './legacy-provider-contacts.js';
