import { jsonCopy } from '@caio/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('jsonCopy', () => {
  it('gives exactly what a JSON round trip gives, for any value JSON accepts', () => {
    const value = fc.anything({ withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withTypedArray: true, withUnicodeString: true });
    fc.assert(
      fc.property(value.filter((v) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol'), (v) => {
        expect(jsonCopy(v)).toStrictEqual(viaJson(v));
      }),
      { numRuns: 500 },
    );
  });

  it('drops and nulls what JSON drops and nulls, and never shares structure with its input', () => {
    const input = { a: undefined, b: [undefined, () => 1, Number.NaN, -0, Infinity], c: { d: new Date('2026-01-02T03:04:05.000Z') }, ['__proto__']: { polluted: true } };
    const copied = jsonCopy(input) as Record<string, unknown>;
    expect(copied).toStrictEqual(viaJson(input));
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(Object.keys(copied)).toEqual(['b', 'c', '__proto__']);
    const nested = { list: [{ x: 1 }] };
    const copy = jsonCopy(nested);
    copy.list[0]!.x = 2;
    expect(nested.list[0]!.x).toBe(1);
    expect(jsonCopy(undefined)).toBeUndefined();
    expect(() => jsonCopy({ n: 1n })).toThrow(TypeError);
  });
});
