import { err, ok, ResultAsync, type Result } from 'neverthrow';
import type { InboxAcceptance, InboxAccepted, StoreError, WebhookInbox } from '@caio/core';

type Accept = WebhookInbox['acceptInboxEvents'];

/** At most this many events go into one store write (bounds a Redis script's run and its key count). */
export const GROUP_COMMIT_MAX_EVENTS = 128;

interface Waiting {
  readonly events: readonly InboxAcceptance[];
  readonly done: (verdicts: Result<readonly InboxAccepted[], StoreError>) => void;
  /** A bug (the store threw instead of answering an error): the caller fails, nothing waits forever. */
  readonly fail: (bug: unknown) => void;
}

/**
 * Group commit of webhook acceptances: a delivery's `acceptInboxEvents` that arrives while
 * an earlier write is in flight waits for it, and the deliveries that waited meanwhile go
 * to the store together, in arrival order, as ONE write; each gets its own events'
 * verdicts back. Alone (no write in flight) a delivery is written at once, so an idle app
 * adds no latency; under load one round trip (one Redis script, one socket write, one
 * reply) carries several deliveries instead of one each.
 *
 * Nothing about a delivery's outcome changes: its events are in the store before its
 * caller sees them accepted (the 2xx still follows the durable write that holds them);
 * the store handles a batch's events in order as it would sequential calls (an id twice is
 * `New` then `Duplicate`; pending events keep acceptance order); and a write that fails
 * fails every delivery in it, each answered as if its own write had failed (the provider
 * retries; whatever the failed write did record is then a duplicate).
 *
 * @category adapters
 */
export const groupCommitAccepts = (accept: Accept, maxEvents = GROUP_COMMIT_MAX_EVENTS): Accept => {
  const queue: Waiting[] = [];
  let writing = false;

  const write = (): void => {
    if (writing || queue.length === 0) return;
    const batch: Waiting[] = [];
    let count = 0;
    // At least one delivery, whatever its size; more while they fit.
    while (queue.length > 0 && (batch.length === 0 || count + queue[0]!.events.length <= maxEvents)) {
      const next = queue.shift()!;
      batch.push(next);
      count += next.events.length;
    }
    writing = true;
    const events = batch.length === 1 ? batch[0]!.events : batch.flatMap((w) => w.events);
    const answer = (verdicts: Result<readonly InboxAccepted[], StoreError>): void => {
      if (verdicts.isErr()) for (const w of batch) w.done(err(verdicts.error));
      else if (batch.length === 1) batch[0]!.done(verdicts);
      else {
        let from = 0;
        for (const w of batch) {
          w.done(ok(verdicts.value.slice(from, from + w.events.length)));
          from += w.events.length;
        }
      }
    };
    const next = (): void => {
      writing = false;
      write();
    };
    Promise.resolve()
      .then(() => accept(events))
      .then(answer, (bug: unknown) => {
        for (const w of batch) w.fail(bug);
      })
      .finally(next);
  };

  return (events) =>
    new ResultAsync(
      new Promise<Result<readonly InboxAccepted[], StoreError>>((resolve, reject) => {
        queue.push({ events, done: resolve, fail: reject });
        write();
      }),
    );
};
