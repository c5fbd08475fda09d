/** @caio/adapters-ghl — GoHighLevel contact resolution and e-mail sending through Conversations. */
export * from './ghl-client.js';
export * from './ghl-contact-resolver.js';
export * from './ghl-email-channel.js';
export * from './ghl-message-verifier.js';
export * from './ghl-credential-check.js';
export * from './to-html.js';
