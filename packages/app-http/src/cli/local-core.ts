import pino from 'pino';
import type { CardCrafter, CoreDeps, DualStateStore, Users } from '@caio/core';
import type { MessageVerifier } from '../composition/build-channels.js';
import type { AppConfig } from '../config/app-config.js';
import type { WebhookIngress } from '../composition/app-services.js';
import { describeConfigProblems } from '../config/parse-config.js';
import { composeApp } from '../composition/container.js';
import { loadConfiguration } from '../composition/load-configuration.js';
import type { Io } from './command.js';
import { describeStoreOpenError, EXIT, type ExitCode } from './exit-codes.js';

export interface LocalCore {
  readonly deps: CoreDeps;
  readonly config: AppConfig;
  readonly webhooks: WebhookIngress;
  /** The dual store when STATE_BACKEND=dual (drift reconciliation), else null. */
  readonly dual: DualStateStore | null;
  readonly verifiers: Partial<Record<string, MessageVerifier>>;
  readonly crafter: CardCrafter;
  /** The console's users, on the configured backend. */
  readonly users: Users;
  readonly close: () => Promise<void>;
}

/**
 * Commands that work on the store directly compose exactly what `caio serve` composes
 * (same configuration, same store, same channels), without the HTTP server.
 */
export const openLocalCore = async (env: Readonly<Record<string, string | undefined>>, io: Io): Promise<LocalCore | null> => {
  const opened = await openLocalCoreOrExit(env, io);
  return typeof opened === 'number' ? null : opened;
};

/** As `openLocalCore`, or the exit code of why it could not be opened (the reason is printed). */
const openLocalCoreOrExit = async (env: Readonly<Record<string, string | undefined>>, io: Io): Promise<LocalCore | ExitCode> => {
  const loaded = await loadConfiguration(env);
  if (loaded.isErr()) {
    io.err(`${describeConfigProblems(loaded.error)}\n`);
    return EXIT.usage;
  }
  const composed = await composeApp(loaded.value, pino({ level: 'silent' }));
  if (composed.isErr()) {
    io.err(`${describeStoreOpenError(composed.error)}\n`);
    return EXIT.storeUnavailable;
  }
  const { services, state, closeChannels, verifiers } = composed.value;
  return {
    deps: services.deps,
    config: loaded.value.config,
    webhooks: services.webhooks,
    dual: state.dual,
    verifiers,
    crafter: services.crafter,
    users: services.users,
    close: async () => {
      await services.jobs.close();
      await state.store.close();
      await closeChannels();
    },
  };
};

/** Runs `work` against the local core and always closes it. */
export const withLocalCore = async (env: Readonly<Record<string, string | undefined>>, io: Io, work: (core: LocalCore) => Promise<number>): Promise<number> => {
  const core = await openLocalCoreOrExit(env, io);
  if (typeof core === 'number') return core;
  try {
    return await work(core);
  } finally {
    await core.close();
  }
};
