import type { Channel, OutboundChannel, SendError, SendReceipt, SendRequest } from '@caio/core';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';

/**
 * Every way a provider call can end, from the dispatcher's point of view:
 * - `accept`: delivered, receipt returned.
 * - `reject`: definitive refusal, nothing delivered.
 * - `retryable`: provably not processed, nothing delivered.
 * - `crashBefore`: the process dies before the request leaves (nothing delivered; the
 *   call throws, as a crash would unwind the dispatcher).
 * - `crashAfterAccept`: the provider delivered, then the process died before learning it.
 * - `timeout`: the request left and no answer came (delivered, in this fake).
 *
 * @category testing
 */
export type FakeBehaviour = 'accept' | 'reject' | 'retryable' | 'crashBefore' | 'crashAfterAccept' | 'timeout';

export interface DeliveredMessage {
  readonly cardId: string;
  readonly step: number;
  readonly channel: Channel;
  readonly leadKeys: readonly string[];
  readonly contentDigest: string;
  readonly attemptId: string;
}

/** Thrown by `crashBefore`/`crashAfterAccept` to simulate the process dying mid-call. */
export class SimulatedCrash extends Error {
  constructor(readonly when: 'before' | 'after') {
    super(`simulated crash ${when} the provider call`);
    this.name = 'SimulatedCrash';
  }
}

/**
 * A hand-written `OutboundChannel` that records every delivery (the ground truth for
 * "sent at most once") and fails on demand. Behaviours are consumed in order; when the
 * script runs out, `defaultBehaviour` applies.
 *
 * @category testing
 */
export class FakeChannel implements OutboundChannel {
  readonly delivered: DeliveredMessage[] = [];
  readonly calls: SendRequest[] = [];
  private readonly script: FakeBehaviour[] = [];
  private onCall: ((request: SendRequest) => Promise<void>) | undefined;

  constructor(
    readonly channel: Channel,
    private defaultBehaviour: FakeBehaviour = 'accept',
    readonly sandbox = false,
  ) {}

  /** Queue behaviours for the next calls. */
  then(...behaviours: FakeBehaviour[]): this {
    this.script.push(...behaviours);
    return this;
  }

  /** Drops behaviours queued with `then` that no call consumed. */
  clearScript(): void {
    this.script.length = 0;
  }

  setDefault(behaviour: FakeBehaviour): void {
    this.defaultBehaviour = behaviour;
  }

  /** Runs before each call resolves (e.g. to engage the emergency stop mid-batch). */
  setHook(hook: ((request: SendRequest) => Promise<void>) | undefined): void {
    this.onCall = hook;
  }

  deliveriesOf(cardId: string): number {
    return this.delivered.filter((d) => d.cardId === cardId).length;
  }

  send(request: SendRequest): ResultAsync<SendReceipt, SendError> {
    this.calls.push(request);
    const behaviour = this.script.shift() ?? this.defaultBehaviour;
    const deliver = (): void => {
      this.delivered.push({
        cardId: request.card.id,
        step: request.card.step,
        channel: this.channel,
        leadKeys: request.card.leadKeys,
        contentDigest: request.card.contentDigest,
        attemptId: request.attemptId,
      });
    };
    const hook = this.onCall ? ResultAsync.fromSafePromise(this.onCall(request)) : okAsync(undefined);
    return hook.andThen((): ResultAsync<SendReceipt, SendError> => {
      switch (behaviour) {
        case 'accept':
          deliver();
          return okAsync({ providerMessageId: `fake-${this.channel}-${this.delivered.length}`, channel: this.channel });
        case 'reject':
          return errAsync({ _tag: 'SendRejected', status: 422, message: 'fake provider refused the message' });
        case 'retryable':
          return errAsync({ _tag: 'SendRetryable', status: 429, message: 'fake provider is rate limiting' });
        case 'timeout':
          deliver();
          return errAsync({ _tag: 'SendUnknown', message: 'fake provider did not answer in time' });
        case 'crashBefore':
          throw new SimulatedCrash('before');
        case 'crashAfterAccept':
          deliver();
          throw new SimulatedCrash('after');
      }
    });
  }
}
