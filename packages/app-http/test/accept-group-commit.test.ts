import type { EventId, InboxAcceptance, InboxAccepted, StoreError } from '@caio/core';
import { InMemoryStateStore } from '@caio/testkit';
import { errAsync, ResultAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { groupCommitAccepts } from '../src/composition/accept-group-commit.js';

const AT = '2026-01-01T00:00:00.000Z';
const acceptance = (id: string): InboxAcceptance => ({ event: { eventId: id as EventId, provider: 'instantly', receivedAt: AT, expiresAt: '2026-01-05T00:00:00.000Z', payload: { id } } });

/** A store write that resolves only when the test lets it, recording what each write held. */
const heldStore = () => {
  const writes: string[][] = [];
  const release: Array<() => void> = [];
  const store = new InMemoryStateStore(() => new Date(AT));
  const accept = (events: readonly InboxAcceptance[]): ResultAsync<readonly InboxAccepted[], StoreError> => {
    writes.push(events.map((e) => e.event.eventId));
    return ResultAsync.fromSafePromise(new Promise<void>((resolve) => release.push(resolve))).andThen(() => store.acceptInboxEvents(events));
  };
  return { writes, release, accept, store };
};

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit of webhook acceptances', () => {
  it('writes a lone delivery at once, then the deliveries that waited as one write, each answered its own verdicts in order', async () => {
    const held = heldStore();
    const accept = groupCommitAccepts(held.accept);
    const first = accept([acceptance('a')]);
    await flush();
    expect(held.writes).toEqual([['a']]);
    // Arrive while the first write is in flight: they wait, then go together.
    const second = accept([acceptance('b'), acceptance('c')]);
    const third = accept([acceptance('c'), acceptance('d')]);
    await flush();
    expect(held.writes).toEqual([['a']]);
    held.release.shift()!();
    expect((await first)._unsafeUnwrap()).toEqual(['New']);
    await flush();
    expect(held.writes).toEqual([['a'], ['b', 'c', 'c', 'd']]);
    held.release.shift()!();
    // One write, split back per delivery; the same event in two deliveries is New once, then a duplicate.
    expect((await second)._unsafeUnwrap()).toEqual(['New', 'New']);
    expect((await third)._unsafeUnwrap()).toEqual(['Duplicate', 'New']);
    expect((await held.store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('bounds a write by its event count (a larger delivery still goes alone)', async () => {
    const held = heldStore();
    const accept = groupCommitAccepts(held.accept, 3);
    const answers = [accept([acceptance('a')]), accept([acceptance('b'), acceptance('c')]), accept([acceptance('d'), acceptance('e')]), accept([acceptance('f'), acceptance('g'), acceptance('h'), acceptance('i')])];
    for (let i = 0; i < 4; i++) {
      await flush();
      held.release.shift()?.();
    }
    await Promise.all(answers);
    expect(held.writes).toEqual([['a'], ['b', 'c'], ['d', 'e'], ['f', 'g', 'h', 'i']]);
  });

  it('fails every delivery of a failed write, and writes the next ones after it', async () => {
    const failure: StoreError = { _tag: 'StoreUnavailable', message: 'down' };
    let calls = 0;
    const store = new InMemoryStateStore(() => new Date(AT));
    const accept = groupCommitAccepts((events) => (calls++ === 1 ? errAsync(failure) : store.acceptInboxEvents(events)));
    const first = accept([acceptance('a')]);
    const second = accept([acceptance('b')]);
    const third = accept([acceptance('c')]);
    expect((await first).isOk()).toBe(true);
    expect((await second)._unsafeUnwrapErr()).toEqual(failure);
    expect((await third)._unsafeUnwrapErr()).toEqual(failure);
    expect((await accept([acceptance('b')]))._unsafeUnwrap()).toEqual(['New']);
  });

  it('fails the callers (never leaves them waiting) when the store throws, and keeps writing afterwards', async () => {
    let calls = 0;
    const store = new InMemoryStateStore(() => new Date(AT));
    const accept = groupCommitAccepts((events) => {
      if (calls++ === 0) throw new Error('bug');
      return store.acceptInboxEvents(events);
    });
    await expect(accept([acceptance('a')])).rejects.toThrow('bug');
    expect((await accept([acceptance('a')]))._unsafeUnwrap()).toEqual(['New']);
  });
});
