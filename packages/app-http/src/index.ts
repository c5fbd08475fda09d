/** @caio/app-http — the composed HTTP app of CAIO outbound. */
export * from './config/app-config.js';
export * from './config/parse-config.js';
export * from './composition/app-services.js';
export * from './composition/container.js';
export * from './composition/load-configuration.js';
export * from './composition/startup.js';
export * from './http/build-server.js';
export * from './crafting/template-crafter.js';
export * from './serve.js';
