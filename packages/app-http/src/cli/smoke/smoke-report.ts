import { table } from '../command.js';
import type { SmokeCheck } from './smoke-check.js';

/** The run passed when no check failed (skipped checks do not fail it). */
export const smokePassed = (checks: readonly SmokeCheck[]): boolean => checks.every((c) => c.passed);

/** Every occurrence of a secret replaced, so nothing printed can carry one (even if an answer echoed it). */
export const redact = (text: string, secrets: readonly string[]): string =>
  secrets.filter((s) => s.length > 0).reduce((out, secret) => out.split(secret).join('[redacted]'), text);

const resultOf = (check: SmokeCheck): string => (check.skipped ? 'skip' : check.passed ? 'PASS' : 'FAIL');

/** The aligned table of every check. */
export const smokeTable = (checks: readonly SmokeCheck[]): string => table([['check', 'result', 'detail'], ...checks.map((c) => [c.name, resultOf(c), c.detail])]);

/** One line of JSON: `{"passed":bool,"checks":[{name,passed,detail,skipped?}...]}`. */
export const smokeSummary = (checks: readonly SmokeCheck[]): string => `${JSON.stringify({ passed: smokePassed(checks), checks })}\n`;
