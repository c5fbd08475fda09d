import type { Clock } from '@caio/core';

/**
 * A clock that moves only when told: `set`, `advance`. Tests that also wait on timers
 * should drive both from here (a frozen `Date.now` with real timers makes flaky tests).
 *
 * @category testing
 */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-03-02T20:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
