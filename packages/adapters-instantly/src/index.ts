/** @caio/adapters-instantly — Instantly campaign enrolment. */
export * from './instantly-client.js';
export * from './instantly-channel.js';
