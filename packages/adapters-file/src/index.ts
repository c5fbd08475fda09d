/** @caio/adapters-file — the embedded state store (one machine, several processes). */
export * from './file-state-store.js';
export * from './file-lock-manager.js';
export * from './file-users.js';
export * from './file-quarantine-decisions.js';
export * from './journal-file.js';
