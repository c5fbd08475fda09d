import { CORS_HEADERS, CORS_METHODS } from '../../http/build-server.js';
import { PROTECTED_READ } from './auth-checks.js';
import { describeOutcome, type ProbeClient, type ProbeOutcome } from './probe-client.js';
import { fail, pass, skip, type SmokeCheck } from './smoke-check.js';
import type { SmokeOptions } from './smoke-options.js';

export const CORS_ALLOWED = 'cors: allowed origin preflight';
export const CORS_UNKNOWN = 'cors: unknown origin not reflected';
/** An origin no deployment can list (the .invalid top-level domain is reserved). */
export const UNKNOWN_ORIGIN = 'https://smoke-probe.invalid';

const preflight = (client: ProbeClient, origin: string): Promise<ProbeOutcome> =>
  client.send({
    method: 'OPTIONS',
    path: PROTECTED_READ,
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-dashboard-token' },
  });

const listOf = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean).sort();
const sameList = (actual: string | undefined, expected: readonly string[]): boolean => listOf(actual).join(',') === listOf(expected.join(',')).join(',');

/** A preflight from the allowed origin gets that origin and exactly the configured methods and headers, without credentials. */
export const allowedOriginCheck = (outcome: ProbeOutcome, origin: string): SmokeCheck => {
  if (outcome.isErr()) return fail(CORS_ALLOWED, `no answer: ${describeOutcome(outcome)}`);
  const { status, headers } = outcome.value;
  const problems = [
    ...(status >= 200 && status < 300 ? [] : [`status ${status}`]),
    ...(headers['access-control-allow-origin'] === origin ? [] : [`Access-Control-Allow-Origin ${headers['access-control-allow-origin'] ?? '(none)'}`]),
    ...(sameList(headers['access-control-allow-methods'], CORS_METHODS) ? [] : [`Access-Control-Allow-Methods ${headers['access-control-allow-methods'] ?? '(none)'}, expected ${CORS_METHODS.join(', ')}`]),
    ...(sameList(headers['access-control-allow-headers'], CORS_HEADERS) ? [] : [`Access-Control-Allow-Headers ${headers['access-control-allow-headers'] ?? '(none)'}, expected ${CORS_HEADERS.join(', ')}`]),
    ...(headers['access-control-allow-credentials'] === 'true' ? ['Access-Control-Allow-Credentials true'] : []),
  ];
  return problems.length === 0 ? pass(CORS_ALLOWED, `${status} for ${origin}: ${CORS_METHODS.join(', ')}; ${CORS_HEADERS.join(', ')}`) : fail(CORS_ALLOWED, `for ${origin}: ${problems.join('; ')}`);
};

/** A preflight from an unknown origin gets no Access-Control-Allow-Origin at all (a reflected origin or `*` fails). */
export const unknownOriginCheck = (outcome: ProbeOutcome): SmokeCheck => {
  if (outcome.isErr()) return fail(CORS_UNKNOWN, `no answer: ${describeOutcome(outcome)}`);
  const allowed = outcome.value.headers['access-control-allow-origin'];
  if (allowed === undefined) return pass(CORS_UNKNOWN, `${outcome.value.status} without Access-Control-Allow-Origin for ${UNKNOWN_ORIGIN}`);
  return fail(CORS_UNKNOWN, `Access-Control-Allow-Origin: ${allowed} for ${UNKNOWN_ORIGIN}${allowed === UNKNOWN_ORIGIN ? ' (the origin is reflected)' : ''}`);
};

/** Both CORS checks; the allowed-origin one only when the operator names the origin. */
export const corsChecks = async (client: ProbeClient, options: SmokeOptions): Promise<SmokeCheck[]> => {
  const allowed = options.allowedOrigin ? allowedOriginCheck(await preflight(client, options.allowedOrigin), options.allowedOrigin) : skip(CORS_ALLOWED, 'no --allowed-origin given');
  return [allowed, unknownOriginCheck(await preflight(client, UNKNOWN_ORIGIN))];
};
