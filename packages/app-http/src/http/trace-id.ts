import type { IncomingMessage } from 'node:http';
import { sharedRandomPool } from '../composition/random-pool.js';

const SAFE = /^[A-Za-z0-9_.:-]{8,64}$/;

/**
 * The trace id of a request: the caller's `x-trace-id` / `x-request-id` when it is a
 * safe token (so a trace crosses services), otherwise a new random one. It becomes the
 * `traceId` of every command's trace envelope and of every audit entry.
 *
 * @category adapters
 */
export const traceIdFor = (request: IncomingMessage): string => {
  for (const name of ['x-trace-id', 'x-request-id']) {
    const value = request.headers[name];
    if (typeof value === 'string' && SAFE.test(value)) return value;
  }
  return `trace_${sharedRandomPool.bytes(9).toString('base64url')}`;
};
