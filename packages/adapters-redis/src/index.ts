/** @caio/adapters-redis — the shared state store, leases and fencing on Redis / Redis Cluster. */
export * from './redis-keys.js';
export * from './redis-client.js';
export { luaCommand, type LuaCommand } from './lua-command.js';
export * from './redis-state-store.js';
export * from './open-redis-state-store.js';
export * from './redis-lock-manager.js';
export * from './redis-rate-gate.js';
export * from './delete-keys.js';
export * from './epoch-marker.js';
export * from './redis-users.js';
export * from './redis-quarantine-decisions.js';
export * from './redis-drift-ledger.js';
