/**
 * @caio/testkit — what tests of CAIO outbound (and of services embedding its core)
 * need: in-memory adapters, a manual clock, deterministic ids, Object Mothers,
 * fast-check arbitraries, a fake channel and fake providers. It imports without vitest;
 * the port contract suites, which need it, are the `@caio/testkit/contracts` subpath.
 */
export * from './memory/in-memory-state-store.js';
export * from './memory/in-memory-lock-manager.js';
export * from './clock/manual-clock.js';
export * from './clock/sequential-ids.js';
export * from './channel/fake-channel.js';
export * from './builders.js';
export * from './memory/fault-injecting-state-store.js';
export * from './arbitraries/identity.js';
export * from './arbitraries/time.js';
export * from './arbitraries/controls.js';
export * from './arbitraries/cards.js';
export * from './redis/own-redis.js';
export * from './redis/throwaway-tls.js';
export * from './fakes/fake-provider-server.js';
export * from './fakes/fake-ghl.js';
export * from './fakes/fake-instantly.js';
export * from './fakes/fake-heyreach.js';
export * from './webhooks/webhook-delivery.js';
export * from './webhooks/ghl-webhook-signer.js';
export * from './webhooks/instantly-webhook-emitter.js';
export * from './webhooks/heyreach-webhook-emitter.js';
export * from './webhooks/clay-http-column.js';
export * from './webhooks/rb2b-emitter.js';
export * from './ports/in-memory-contact-resolver.js';
export * from './ports/scripted-card-crafter.js';
