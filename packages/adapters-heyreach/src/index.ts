/** @caio/adapters-heyreach — HeyReach LinkedIn campaign enrolment. */
export * from './heyreach-channel.js';
