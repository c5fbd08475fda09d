/**
 * Tracks work that must finish before shutdown (a send in progress must be recorded,
 * never cut off between the provider call and the outcome write).
 *
 * @category adapters
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  run<T>(work: () => PromiseLike<T>): Promise<T> {
    const promise = Promise.resolve(work());
    this.running.add(promise);
    const done = () => this.running.delete(promise);
    promise.then(done, done);
    return promise;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when everything started so far has settled. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
