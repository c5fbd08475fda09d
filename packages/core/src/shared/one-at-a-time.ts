/** `work` run one at a time (see `oneAtATime`). @category model */
export interface OneAtATime {
  /** Asks for a run; resolves once a run that started after this call has finished. */
  (): Promise<void>;
  /** Resolves once no run is in progress and none is asked for. */
  idle(): Promise<void>;
}

/**
 * `work`, run one at a time: a call while a run is in progress does not start a second run
 * alongside it, but one more run after it (shared by every call made meanwhile: work that
 * reads the current state needs one fresh look, not one per caller). Each call resolves
 * once a run that started after the call has finished, so a caller that awaits it knows
 * the work has seen everything written before the call. `work` must not reject (it
 * reports its own failures). What a background job that looks at the current state (a
 * store's connection check, the webhook applier's passes) wants when asked again while
 * it is looking.
 *
 * @category model
 */
export const oneAtATime = (work: () => Promise<void>): OneAtATime => {
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const run = (): Promise<void> => {
    if (running === null) {
      running = work().finally(() => {
        running = null;
      });
      return running;
    }
    // After the run however it ended: a rejection (a bug in `work`) must not stop the next.
    const again = (): Promise<void> => {
      next = null;
      return run();
    };
    next ??= running.then(again, again);
    return next;
  };
  const idle = async (): Promise<void> => {
    while (running !== null || next !== null) await (next ?? running)!.catch(() => undefined);
  };
  return Object.assign(run, { idle });
};
