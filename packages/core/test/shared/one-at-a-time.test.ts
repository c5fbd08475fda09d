import { describe, expect, it } from 'vitest';
import { oneAtATime } from '../../src/shared/one-at-a-time.js';

/** A piece of work each of whose runs waits until the test finishes it; counts runs and overlaps. */
const heldWork = () => {
  const finishers: (() => void)[] = [];
  const stats = { runs: 0, active: 0, mostAtOnce: 0 };
  const work = async (): Promise<void> => {
    stats.runs++;
    stats.active++;
    stats.mostAtOnce = Math.max(stats.mostAtOnce, stats.active);
    await new Promise<void>((resolve) => finishers.push(resolve));
    stats.active--;
  };
  /** Finishes the run in progress and lets its continuations (the next run's start) happen. */
  const finishRun = async (): Promise<void> => {
    finishers.shift()?.();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { work, stats, finishRun };
};

const settled = (promise: Promise<void>) => {
  const state = { done: false };
  void promise.then(() => (state.done = true));
  return state;
};

describe('oneAtATime', () => {
  it('never runs the work twice at once: calls during a run share one more run after it', async () => {
    const { work, stats, finishRun } = heldWork();
    const run = oneAtATime(work);
    const first = settled(run());
    const during = [settled(run()), settled(run()), settled(run())];
    expect(stats).toMatchObject({ runs: 1, active: 1 });

    await finishRun();
    // The first caller is done; the three that called during its run wait for the run after it.
    expect(first.done).toBe(true);
    expect(during.map((d) => d.done)).toEqual([false, false, false]);
    expect(stats).toMatchObject({ runs: 2, active: 1 });

    await finishRun();
    expect(during.map((d) => d.done)).toEqual([true, true, true]);
    expect(stats).toEqual({ runs: 2, active: 0, mostAtOnce: 1 });
  });

  it('a call while the follow-up run is in progress gets a run of its own after that one', async () => {
    const { work, stats, finishRun } = heldWork();
    const run = oneAtATime(work);
    void run();
    const second = settled(run());
    await finishRun();
    const third = settled(run());
    await finishRun();
    // The follow-up started before the third call: it does not count for that call.
    expect(second.done).toBe(true);
    expect(third.done).toBe(false);
    await finishRun();
    expect(third.done).toBe(true);
    expect(stats).toEqual({ runs: 3, active: 0, mostAtOnce: 1 });
  });

  it('starts at once again when idle', async () => {
    const { work, stats, finishRun } = heldWork();
    const run = oneAtATime(work);
    void run();
    await finishRun();
    const later = settled(run());
    expect(stats).toMatchObject({ runs: 2, active: 1 });
    await finishRun();
    expect(later.done).toBe(true);
  });

  it('is idle only once no run is in progress and none is asked for', async () => {
    const { work, finishRun } = heldWork();
    const run = oneAtATime(work);
    void run();
    void run();
    const idle = settled(run.idle());
    await finishRun();
    // The follow-up run asked for during the first is still to come.
    expect(idle.done).toBe(false);
    await finishRun();
    expect(idle.done).toBe(true);
    const whenNothingRuns = settled(run.idle());
    await Promise.resolve();
    expect(whenNothingRuns.done).toBe(true);
  });

  it('a run that rejects (a bug in the work) does not stop the run asked for after it', async () => {
    let runs = 0;
    let fail = (): void => undefined;
    const run = oneAtATime(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((_, reject) => (fail = () => reject(new Error('a bug'))));
    });
    const first = run();
    const second = run();
    fail();
    await expect(first).rejects.toThrow('a bug');
    await second;
    await run.idle();
    expect(runs).toBe(2);
  });
});

