import { err, ok, type Result } from 'neverthrow';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * JSON.parse for verified webhook bodies that refuses prototype-poisoning keys
 * (`__proto__`, `constructor`, `prototype`) anywhere in the document.
 *
 * @category adapters
 */
export const parseJsonSafely = (raw: Buffer): Result<unknown, string> => {
  let poisoned = false;
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'), (key, v: unknown) => {
      if (FORBIDDEN.has(key)) poisoned = true;
      return v;
    });
  } catch (error) {
    return err(`body is not JSON: ${(error as Error).message.slice(0, 100)}`);
  }
  return poisoned ? err('body contains a forbidden key (__proto__, constructor or prototype)') : ok(value);
};
