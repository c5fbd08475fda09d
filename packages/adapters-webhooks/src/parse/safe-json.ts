import { err, ok, type Result } from 'neverthrow';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper documents are refused: no provider nests this far, and later steps recurse. */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Nesting depth of a JSON text, counted on the bytes (outside strings) before parsing it. */
const depthOf = (raw: Buffer): number => {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) max = Math.max(max, ++depth);
    else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) depth--;
  }
  return max;
};

/**
 * The first value that could hurt the code after the parse: a prototype-poisoning key
 * (`__proto__`, `constructor`, `prototype`; JSON.parse makes even `__proto__` an own key,
 * so each shows up here) or a number that overflowed to Infinity. A walk of the parsed
 * value: a reviver passed to JSON.parse does the same checks at four times the cost (it
 * calls back, and redefines, every value), on every delivery. Depth is already bounded.
 */
const problemIn = (value: unknown): string | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'body contains a number out of range';
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = problemIn(item);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN.has(key)) return `body contains the forbidden key ${key}`;
    const problem = problemIn((value as Record<string, unknown>)[key]);
    if (problem) return problem;
  }
  return undefined;
};

/**
 * JSON.parse for verified webhook bodies that refuses what could hurt the code after
 * it: prototype-poisoning keys (`__proto__`, `constructor`, `prototype`) anywhere,
 * numbers that overflow to Infinity, and nesting deeper than {@link MAX_JSON_DEPTH}.
 *
 * @category adapters
 */
export const parseJsonSafely = (raw: Buffer): Result<unknown, string> => {
  if (depthOf(raw) > MAX_JSON_DEPTH) return err(`body nests deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    return err(`body is not JSON: ${(error as Error).message.slice(0, 100)}`);
  }
  const problem = problemIn(value);
  return problem ? err(problem) : ok(value);
};

const COMMA = 0x2c;
const isSpace = (byte: number | undefined): boolean => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * The same JSON text without trailing commas (`{"a": 1,}` → `{"a": 1}`), counted outside
 * strings. RB2B's own published sample ends with one, so RB2B bodies are read through
 * this (only after JSON.parse refused them as they are).
 *
 * @category adapters
 */
export const withoutTrailingCommas = (raw: Buffer): Buffer => {
  const out: number[] = [];
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (inString) {
      out.push(byte);
      if (byte === BACKSLASH && i + 1 < raw.length) out.push(raw[++i]!);
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (byte === QUOTE) inString = true;
    if (byte === COMMA) {
      let next = i + 1;
      while (isSpace(raw[next])) next++;
      if (raw[next] === CLOSE_OBJECT || raw[next] === CLOSE_ARRAY) continue;
    }
    out.push(byte);
  }
  return Buffer.from(out);
};
