import { describe, expect, it } from 'vitest';
import { GroupCommit, type GroupCommitSteps } from '../src/group-commit.js';

/** Steps that log what they are asked to do; `fail` makes the named step throw once. */
const loggingSteps = () => {
  const log: string[] = [];
  const fail: { step: keyof GroupCommitSteps | null } = { step: null };
  const step = (name: keyof GroupCommitSteps) => async () => {
    log.push(name);
    if (fail.step === name) {
      fail.step = null;
      throw new Error(`${name} failed`);
    }
  };
  const steps: GroupCommitSteps = {
    begin: step('begin'),
    commit: step('commit'),
    rollback: async (error) => {
      log.push('rollback');
      return new Error(`rolled back: ${(error as Error).message}`);
    },
    end: step('end'),
  };
  return { log, fail, steps };
};

const operation = (log: string[], name: string) => async () => {
  log.push(name);
  return name;
};

const pending = Symbol('pending');
const within50ms = <T>(promise: Promise<T>): Promise<T | typeof pending> => Promise.race([promise, new Promise<typeof pending>((resolve) => setTimeout(() => resolve(pending), 50))]);

describe('GroupCommit', () => {
  it('runs the operations issued together in order under one begin, commits, ends, and only then answers', async () => {
    const { log, steps } = loggingSteps();
    const commits = new GroupCommit(steps);
    const answers = ['a', 'b', 'c'].map((name) => commits.submit(operation(log, name)).then((value) => log.push(`answered ${value}`)));
    await Promise.all(answers);
    expect(log).toEqual(['begin', 'a', 'b', 'c', 'commit', 'end', 'answered a', 'answered b', 'answered c']);
  });

  it('takes the operations issued while a group commits into the next group', async () => {
    const { log, steps } = loggingSteps();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const commits = new GroupCommit({ ...steps, commit: async () => (log.push('commit'), held) });
    const first = commits.submit(operation(log, 'a'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = commits.submit(operation(log, 'b'));
    const third = commits.submit(operation(log, 'c'));
    release();
    expect(await Promise.all([first, second, third])).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['begin', 'a', 'commit', 'end', 'begin', 'b', 'c', 'commit', 'end']);
  });

  it('runs an operation submitted by a caller at the moment its group answered it', async () => {
    const { log, steps } = loggingSteps();
    const commits = new GroupCommit(steps);
    const chained = commits.submit(operation(log, 'a')).then(() => commits.submit(operation(log, 'b')));
    expect(await within50ms(chained)).toBe('b');
  });

  it('fails alone an operation that throws; the others of its group answer', async () => {
    const { log, steps } = loggingSteps();
    const commits = new GroupCommit(steps);
    const results = await Promise.allSettled([
      commits.submit(operation(log, 'a')),
      commits.submit(async () => {
        throw new Error('bug');
      }),
      commits.submit(operation(log, 'c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('fails every operation of a group whose commit failed, with what the rollback answers, and goes on', async () => {
    const { log, fail, steps } = loggingSteps();
    const commits = new GroupCommit(steps);
    fail.step = 'commit';
    const results = await Promise.allSettled(['a', 'b'].map((name) => commits.submit(operation(log, name))));
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : r.value))).toEqual(['rolled back: commit failed', 'rolled back: commit failed']);
    expect(log).toEqual(['begin', 'a', 'b', 'commit', 'rollback', 'end']);
    expect(await commits.submit(operation(log, 'c'))).toBe('c');
  });

  it('fails the waiting operations when a group cannot begin, and runs the next ones', async () => {
    const { log, fail, steps } = loggingSteps();
    const commits = new GroupCommit(steps);
    fail.step = 'begin';
    const results = await Promise.allSettled(['a', 'b'].map((name) => commits.submit(operation(log, name))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(log).toEqual(['begin']);
    expect(await commits.submit(operation(log, 'c'))).toBe('c');
    await commits.idle();
  });
});
