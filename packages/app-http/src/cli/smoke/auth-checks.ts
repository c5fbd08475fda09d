import { randomBytes } from 'node:crypto';
import { describeOutcome, messageOf, type ProbeClient, type ProbeOutcome, type ProbeRequest } from './probe-client.js';
import { fail, pass, type SmokeCheck } from './smoke-check.js';
import type { SmokeOptions } from './smoke-options.js';

/** A protected read that changes nothing and costs the app little. */
export const PROTECTED_READ = '/api/controls/emergency-stop';

export const AUTH_NO_TOKEN = 'auth: no token refused';
export const AUTH_WRONG_TOKEN = 'auth: wrong token refused';
export const AUTH_QUERY_TOKEN = 'auth: query token';
export const AUTH_HEADER_TOKEN = 'auth: header token accepted';
export const AUTH_HEADERS = 'auth: no-store, no-referrer';

const expectStatus = (name: string, outcome: ProbeOutcome, expected: number, what: string): SmokeCheck => {
  if (outcome.isErr()) return fail(name, `no answer: ${describeOutcome(outcome)}`);
  const { status } = outcome.value;
  if (status === expected) return pass(name, `${status} ${what}`);
  const message = messageOf(outcome.value);
  return fail(name, `expected ${expected} (${what}), got ${status}${message ? `: ${message}` : ''}`);
};

/** Every answer carries `Cache-Control: no-store` and `Referrer-Policy: no-referrer`. */
const securityHeadersCheck = (outcomes: readonly (readonly [string, ProbeOutcome])[]): SmokeCheck => {
  const missing = outcomes.flatMap(([label, outcome]) => {
    if (outcome.isErr()) return [`${label}: no answer`];
    const h = outcome.value.headers;
    return [
      ...(/(^|,)\s*no-store\s*(,|$)/i.test(h['cache-control'] ?? '') ? [] : [`${label}: Cache-Control ${h['cache-control'] ?? '(none)'}`]),
      ...((h['referrer-policy'] ?? '').toLowerCase() === 'no-referrer' ? [] : [`${label}: Referrer-Policy ${h['referrer-policy'] ?? '(none)'}`]),
    ];
  });
  return missing.length === 0 ? pass(AUTH_HEADERS, `on all ${outcomes.length} answers`) : fail(AUTH_HEADERS, missing.join('; '));
};

/**
 * The dashboard auth matrix on a protected read: no token and a wrong token get 401,
 * the token in `?token=` is refused or accepted as expected, the token in
 * `X-Dashboard-Token` gets 200 (sent last, so a success ends the run's failed attempts
 * in the app's per-client lockout count).
 */
export const authChecks = async (client: ProbeClient, options: SmokeOptions): Promise<SmokeCheck[]> => {
  const read = (extra: Partial<ProbeRequest>): Promise<ProbeOutcome> => client.send({ method: 'GET', path: PROTECTED_READ, ...extra });
  const wrongToken = `caio-smoke-wrong-${randomBytes(16).toString('hex')}`;
  const none = await read({});
  const wrong = await read({ headers: { 'x-dashboard-token': wrongToken } });
  const query = await read({ query: { token: options.token } });
  const header = await read({ headers: { 'x-dashboard-token': options.token } });
  return [
    expectStatus(AUTH_NO_TOKEN, none, 401, 'without a token'),
    expectStatus(AUTH_WRONG_TOKEN, wrong, 401, 'with a wrong token'),
    options.expectQueryTokenEnabled
      ? expectStatus(AUTH_QUERY_TOKEN, query, 200, 'accepted in ?token= (expected enabled)')
      : expectStatus(AUTH_QUERY_TOKEN, query, 401, 'refused in ?token= (expected disabled)'),
    expectStatus(AUTH_HEADER_TOKEN, header, 200, 'with X-Dashboard-Token'),
    securityHeadersCheck([['no token', none], ['wrong token', wrong], ['query token', query], ['header token', header]]),
  ];
};
