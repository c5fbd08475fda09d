/** @caio/provider-http — the HTTP discipline shared by the provider adapters. */
export * from './rate-limiter.js';
export * from './provider-error.js';
export * from './provider-client.js';
export * from './semaphore.js';
export * from './provider-connection.js';
export * from './chunk.js';
export * from './send-in-chunks.js';
