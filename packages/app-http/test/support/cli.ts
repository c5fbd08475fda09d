import { type Card, type LedgerEntry } from '@caio/core';
import { aCard, aClaim, aLead } from '@caio/testkit';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '../../src/cli/command.js';
import { dispatch } from '../../src/cli/dispatch.js';
import { openLocalCore, type LocalCore } from '../../src/cli/local-core.js';
import { COMMANDS } from '../../src/cli/registry.js';
import { initRedisPrefix } from './redis-cleanup.js';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly questions: readonly string[];
}

/** Runs `caio <argv>` in-process with captured output; `confirm` answers any question. */
export const caio = async (argv: readonly string[], env: Record<string, string>, confirm = false): Promise<CliRun> => {
  let out = '';
  let err = '';
  const questions: string[] = [];
  const io: Io = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    confirm: async (q) => {
      questions.push(q);
      return confirm;
    },
  };
  const code = await dispatch(COMMANDS, argv, env, io);
  return { code, out, err, questions };
};

/** A sandbox app configuration on the file store in a fresh temp dir (no demo cards). */
export const fileStoreEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  STATE_DIR: mkdtempSync(join(tmpdir(), 'caio-cli-')),
  SEND_MODE: 'sandbox',
  DEMO_SEED: 'false',
  LOG_LEVEL: 'silent',
  ...extra,
});

export type Backend = 'file' | 'redis';

/** Key prefixes the Redis-backed runs used, for the test's cleanup. */
export const redisPrefixes: string[] = [];

/** A sandbox configuration on the given backend (Redis: a fresh key prefix, epoch initialised). */
export const storeEnv = async (backend: Backend, extra: Record<string, string> = {}): Promise<Record<string, string>> => {
  if (backend === 'file') return fileStoreEnv(extra);
  const prefix = `caio-cli-${process.pid}-${Date.now()}-${redisPrefixes.length}`;
  redisPrefixes.push(prefix);
  await initRedisPrefix(prefix);
  return fileStoreEnv({ STATE_BACKEND: 'redis', REDIS_KEY_PREFIX: prefix, ...extra });
};

/**
 * What a dry run must leave unchanged: on the file store every byte of its directory, on
 * Redis every record the store exports.
 */
export const storeFingerprint = async (env: Record<string, string>): Promise<unknown> =>
  env.STATE_BACKEND === 'redis' ? withCore(env, async (core) => JSON.stringify((await core.deps.store.exportRecords())._unsafeUnwrap())) : treeBytes(env.STATE_DIR!);

/** Every file of a directory tree with its bytes, to prove a dry run changed nothing. */
export const treeBytes = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[path] = readFileSync(path).toString('base64');
    }
  };
  walk(dir);
  return out;
};

/** Opens the same store the commands use, runs `work`, and closes it again. */
export const withCore = async <T>(env: Record<string, string>, work: (core: LocalCore) => Promise<T>): Promise<T> => {
  const core = await openLocalCore(env, { out: () => {}, err: (t) => process.stderr.write(t), confirm: async () => false });
  if (!core) throw new Error('the test store could not be opened');
  try {
    return await work(core);
  } finally {
    await core.close();
  }
};

/**
 * Stores a lead and a queued card, claims its send at `at` and finalises it with
 * `outcome` (left `sending` when null): the ledger states the commands report on.
 */
export const recordSend = async (
  core: LocalCore,
  id: string,
  at: string,
  outcome: { state: 'sent'; receipt: Record<string, string> } | { state: 'unknown'; reason: string } | null,
  overrides: { channel?: Card['channel']; campaignId?: string; sandbox?: boolean } = {},
): Promise<LedgerEntry> => {
  const { store } = core.deps;
  const lead = (await store.putLead(aLead(id, {}, at), null))._unsafeUnwrap();
  const card = aCard(`card_${id}`, lead, { status: 'queued', ...(overrides.channel ? { channel: overrides.channel } : {}), ...(overrides.campaignId ? { campaignId: overrides.campaignId } : {}) }, at);
  const saved = (await store.putCard({ ...card, approvedBy: 'reviewer', approvedAt: at }, null))._unsafeUnwrap();
  const trace = { traceId: `trace_${id}` as never, actor: 'test', at, origin: 'test' as const };
  const claimed = (await store.claimSend(aClaim(saved, { trace, dayKey: at.slice(0, 10), ...(overrides.sandbox ? { sandbox: true } : {}) })))._unsafeUnwrap();
  if (!outcome) return claimed;
  return (await store.recordOutcome({ cardId: saved.id, step: 0, attemptId: claimed.attemptId, outcome, trace }))._unsafeUnwrap();
};
