import type { StoreError } from '@caio/core';

/**
 * The exit codes of every `caio` command, `serve` included (docs/cli.md#exit-codes shows
 * this table). Distinct codes for "could not start" cases let a supervisor or a script
 * tell a bad deployment (2) from an unreachable store (3) or a taken port (4).
 */
export const EXIT = { ok: 0, gateFailed: 1, usage: 2, storeUnavailable: 3, listenFailed: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_TABLE: readonly (readonly [ExitCode, string])[] = [
  [EXIT.ok, 'done (and the gate passed)'],
  [EXIT.gateFailed, 'the gate failed or the work failed (what failed is printed)'],
  [EXIT.usage, 'usage or configuration error: unknown command or option, missing argument, a variable missing or invalid'],
  [EXIT.storeUnavailable, 'the state store could not be opened'],
  [EXIT.listenFailed, 'caio serve could not listen: the port is in use or not allowed'],
];

/** A multi-line or very long text as one line, for a one-line error. */
export const oneLine = (text: string, max = 300): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** `the state store could not be opened (StoreUnavailable): connect ECONNREFUSED 127.0.0.1:6390` */
export const describeStoreOpenError = (error: StoreError): string => {
  const detail = error._tag === 'StoreBlocked' ? error.reason : error._tag === 'StoreCorrupt' ? `${error.where}: ${error.message}` : error.message;
  return `the state store could not be opened (${error._tag}): ${oneLine(detail)}`;
};

/** One line for an error of `listen` (EADDRINUSE, EACCES, EADDRNOTAVAIL); null for anything else. */
export const describeListenError = (error: unknown, host: string, port: number): string | null => {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is already in use (another caio serve?); set PORT to a free port`;
  if (code === 'EACCES') return `not allowed to listen on ${host}:${port}; use a port above 1023 or grant the permission`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine; set HOST to one of its addresses or 0.0.0.0`;
  return null;
};
