/**
 * What a store does around one group of operations, all of it under its cross-process lock.
 *
 * @category adapters
 */
export interface GroupCommitSteps {
  /** Takes the cross-process lock and brings the state up to date; releases the lock itself if it then fails. */
  begin(): Promise<void>;
  /** Makes durable what the group's operations changed (one append, one fsync); throws when it could not. */
  commit(): Promise<void>;
  /** After a failed commit: drops from memory what was not made durable; answers the error to fail the group with. */
  rollback(error: unknown): Promise<unknown>;
  /** Releases the cross-process lock. */
  end(): Promise<void>;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

interface Queued {
  readonly operation: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: the operations one process issues while another group holds the store
 * share the next lock acquisition and the next fsync. Under the lock they still run one
 * at a time in the order they were issued, each seeing the effects of those before it;
 * then what they changed is made durable at once, and only then does any of them answer.
 * A failed commit fails every operation of the group (a read in it may have seen what was
 * not made durable). An operation that throws fails alone; the others of its group stand.
 *
 * @category adapters
 */
export class GroupCommit {
  private readonly queue: Queued[] = [];
  private draining: Promise<void> | null = null;

  constructor(
    private readonly steps: GroupCommitSteps,
    /** Most operations per group, so one process does not hold the lock for long. */
    private readonly maxGroup = 256,
  ) {}

  /** Runs `operation` in the next group; settles after that group's commit. */
  submit<T>(operation: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ operation, resolve: resolve as (value: unknown) => void, reject });
      this.draining ??= this.drain();
    });
  }

  /** Settles once every operation submitted so far has answered. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /**
   * Runs groups until the queue is empty, and says so in the same synchronous step (no
   * await between the last look at the queue and clearing `draining`): a caller the last
   * group answered may submit at once, and must start a new drain then, not queue behind
   * one that has already stopped looking.
   */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        try {
          await this.steps.begin();
        } catch (error) {
          // No lock, or no up-to-date state: none of the waiting operations can run.
          for (const waiting of this.queue.splice(0)) waiting.reject(error);
          continue;
        }
        const group: Queued[] = [];
        const outcomes = await this.runGroup(group);
        group.forEach((queued, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) queued.resolve(outcome.value);
          else queued.reject(outcome.error);
        });
      }
    } finally {
      this.draining = null;
    }
  }

  /**
   * Takes the waiting operations into `group` (also those issued while it runs) and runs
   * them in order, then the commit, then the lock's release: answers what each settles with.
   */
  private async runGroup(group: Queued[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    let failure: { readonly error: unknown } | null = null;
    try {
      while (this.queue.length > 0 && group.length < this.maxGroup) {
        const queued = this.queue.shift()!;
        group.push(queued);
        try {
          outcomes.push({ ok: true, value: await queued.operation() });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
      try {
        await this.steps.commit();
      } catch (error) {
        failure = { error: await this.steps.rollback(error).catch((rollbackError: unknown) => rollbackError) };
      }
    } finally {
      await this.steps.end().catch((error: unknown) => {
        failure ??= { error };
      });
    }
    return failure ? group.map(() => ({ ok: false, error: failure!.error })) : outcomes;
  }
}
