import type { CoreDeps, TraceEnvelope, TraceId } from '@caio/core';
import { userInfo } from 'node:os';

/** The operator a command acts for: `--actor NAME`, else the OS user, as `cli:<name>`. */
export const cliActor = (actor: string | undefined, env: Readonly<Record<string, string | undefined>>): string => {
  if (actor?.trim()) return `cli:${actor.trim()}`;
  let user = env.USER ?? env.USERNAME;
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      // No passwd entry (some containers): the audit still says it came from the CLI.
      user = 'unknown-os-user';
    }
  }
  return `cli:${user}`;
};

/** A trace for one command run, audited as `actor`. */
export const cliTraceFor = (deps: Pick<CoreDeps, 'clock'>, command: string, actor: string): TraceEnvelope => {
  const at = deps.clock.now().toISOString();
  return { traceId: `trace_${command}_${Date.parse(at)}` as TraceId, actor, at, origin: 'cli' };
};
