import { frozenJsonCopy, jsonCopy } from '@caio/core';
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

describe('frozenJsonCopy', () => {
  const isDeepFrozen = (value: unknown): boolean => value === null || typeof value !== 'object' || (Object.isFrozen(value) && Object.values(value).every(isDeepFrozen));

  it('gives what jsonCopy gives, deep-frozen, for any value JSON accepts', () => {
    const value = fc.anything({ withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withUnicodeString: true });
    fc.assert(
      fc.property(value.filter((v) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol'), (v) => {
        const copied = frozenJsonCopy(v);
        expect(copied).toStrictEqual(jsonCopy(v));
        expect(isDeepFrozen(copied)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('shares the parts of a new version that are frozen copies already, and copies the rest', () => {
    const stored = frozenJsonCopy({ id: 'card_1', status: 'approved', leadKeys: ['email:a@b.example'], quality: { passed: true } });
    const next = frozenJsonCopy({ ...stored, status: 'queued', extra: { note: 'new' } });
    expect(next).not.toBe(stored);
    expect(next.leadKeys).toBe(stored.leadKeys);
    expect(next.quality).toBe(stored.quality);
    // An object frozen by someone else is not trusted as a copy: it is copied.
    const foreign = Object.freeze({ list: [1, 2] });
    const copied = frozenJsonCopy({ foreign });
    expect(copied.foreign).not.toBe(foreign);
    expect(copied.foreign).toStrictEqual({ list: [1, 2] });
  });
});
