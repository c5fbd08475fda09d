import { token } from '../shared/token.js';

/** The only source of "now" in core; tests inject a controllable clock. @category ports */
export interface Clock {
  now(): Date;
}
export const Clock = token<Clock>('Clock');

export const systemClock: Clock = { now: () => new Date() };
