/** @caio/adapters-heyreach — HeyReach LinkedIn campaign enrolment. */
export * from './heyreach-client.js';
export * from './heyreach-channel.js';
