import type { EpochTarget } from '@caio/adapters-redis';
import type { AppConfig } from '../config/app-config.js';
import { loadConfiguration } from '../composition/load-configuration.js';
import { describeConfigProblems } from '../config/parse-config.js';
import { EXIT } from './command.js';
import { EpochWitness } from '../composition/epoch-witness.js';
import { redisConnection } from '../composition/open-redis-backend.js';
import type { Io } from './command.js';

/** The Redis tenant the configuration names, and what this deployment remembers of it; null on the file store. */
export const epochTargetOf = (config: AppConfig): { readonly target: EpochTarget; readonly witness: EpochWitness } | null =>
  config.state.backend === 'file'
    ? null
    : { target: { ...redisConnection(config), keyPrefix: config.state.redisKeyPrefix }, witness: new EpochWitness(config.state.dir, config.state.redisKeyPrefix) };

/**
 * The configuration and the Redis tenant an epoch command acts on, or the exit code after
 * saying why there is none (an invalid environment, or the file store, which has no marker).
 */
export const loadEpochTenant = async (
  env: Readonly<Record<string, string | undefined>>,
  io: Io,
  onFileStore: string,
): Promise<{ readonly config: AppConfig; readonly target: EpochTarget; readonly witness: EpochWitness } | number> => {
  const loaded = await loadConfiguration(env);
  if (loaded.isErr()) {
    io.err(`${describeConfigProblems(loaded.error)}\n`);
    return EXIT.usage;
  }
  const tenant = epochTargetOf(loaded.value.config);
  if (!tenant) {
    io.err(`STATE_BACKEND=file has no epoch marker: ${onFileStore}\n`);
    return EXIT.usage;
  }
  return { config: loaded.value.config, ...tenant };
};

/**
 * An operator acting on a tenant's epoch types its prefix (or passes `--confirm-prefix`):
 * a marker written on the wrong tenant would hide a loss there.
 */
export const prefixConfirmed = async (io: Io, given: string | undefined, prefix: string): Promise<boolean> => {
  const typed = given ?? (await io.ask?.(`Type the key prefix (${prefix}) to confirm:`)) ?? null;
  if (typed === prefix) return true;
  io.err(typed === null ? `not confirmed: pass --confirm-prefix ${prefix} when no terminal can answer; nothing changed\n` : `not confirmed: "${typed}" is not the prefix ${prefix}; nothing changed\n`);
  return false;
};
