import type { EpochTarget } from '@caio/adapters-redis';
import type { AppConfig } from '../config/app-config.js';
import { EpochWitness } from '../composition/epoch-witness.js';
import { redisConnection } from '../composition/open-redis-backend.js';
import type { Io } from './command.js';

/** The Redis tenant the configuration names, and what this deployment remembers of it; null on the file store. */
export const epochTargetOf = (config: AppConfig): { readonly target: EpochTarget; readonly witness: EpochWitness } | null =>
  config.state.backend === 'file'
    ? null
    : { target: { ...redisConnection(config), keyPrefix: config.state.redisKeyPrefix }, witness: new EpochWitness(config.state.dir, config.state.redisKeyPrefix) };

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
