/**
 * One line of the smoke checklist. `skipped` checks could not be run with what the
 * smoke command was given (no credential, no allowed origin): they do not fail the run,
 * and the table says so instead of pretending they passed.
 */
export interface SmokeCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
  readonly skipped?: true;
}

export const pass = (name: string, detail: string): SmokeCheck => ({ name, passed: true, detail });
export const fail = (name: string, detail: string): SmokeCheck => ({ name, passed: false, detail });
export const skip = (name: string, detail: string): SmokeCheck => ({ name, passed: true, detail: `skipped: ${detail}`, skipped: true });
