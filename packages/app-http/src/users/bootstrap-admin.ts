import { bootstrapAdmin, type TraceId, type UserAdminDeps } from '@caio/core';
import type { AppConfig } from '../config/app-config.js';

/**
 * At start: the first admin from BOOTSTRAP_ADMIN_NAME / BOOTSTRAP_ADMIN_TOKEN, added
 * while the store holds no admin (audited as `system:bootstrap`). Returns what happened,
 * for the start-up log line; a store error is reported, not fatal (the dashboard token
 * still signs in as an admin).
 */
export const bootstrapFirstAdmin = async (
  deps: UserAdminDeps,
  config: AppConfig,
  at: Date,
): Promise<'added' | 'admin exists' | 'not configured' | `failed: ${string}`> => {
  const wanted = config.users.bootstrapAdmin;
  if (!wanted) return 'not configured';
  const trace = { traceId: `trace_bootstrap_${at.getTime()}` as TraceId, actor: 'system:bootstrap', at: at.toISOString(), origin: 'scheduler' as const };
  const result = await bootstrapAdmin(deps, { name: wanted.name, tokenSha256: wanted.tokenSha256, trace });
  if (result.isErr()) return `failed: ${result.error._tag}: ${'message' in result.error ? result.error.message : result.error.reason}`;
  return result.value._tag === 'Added' ? 'added' : 'admin exists';
};
