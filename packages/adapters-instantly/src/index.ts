/** @caio/adapters-instantly — Instantly campaign enrolment. */
export * from './instantly-channel.js';
