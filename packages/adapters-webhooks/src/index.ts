/** @caio/adapters-webhooks — verify and parse inbound webhooks into core domain events. */
export * from './webhook-request.js';
export * from './webhook-rejection.js';
export * from './verify/authenticator.js';
export * from './verify/constant-time.js';
export * from './verify/shared-secret.js';
export * from './verify/standard-webhooks.js';
export * from './verify/ghl-signature.js';
export * from './webhook-guard.js';
export * from './parse/safe-json.js';
export * from './parse/event-id.js';
export * from './parse/instantly.js';
export * from './parse/heyreach.js';
export * from './parse/clay.js';
export * from './parse/rb2b.js';
export * from './parse/ghl.js';
export * from './receive-webhook.js';
export * from './webhook-config.js';
