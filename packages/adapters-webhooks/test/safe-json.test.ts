import { MAX_JSON_DEPTH, parseJsonSafely, withoutTrailingCommas } from '@caio/adapters-webhooks';
import { describe, expect, it } from 'vitest';

const parse = (text: string) => parseJsonSafely(Buffer.from(text));

describe('parseJsonSafely', () => {
  it('parses ordinary JSON', () => {
    expect(parse('{"a":[1,"x",{"b":null}]}')._unsafeUnwrap()).toEqual({ a: [1, 'x', { b: null }] });
  });

  it('refuses prototype-poisoning keys anywhere', () => {
    for (const text of ['{"__proto__":{"admin":true}}', '{"a":{"__proto__":{"x":1}}}', '{"constructor":{"prototype":{}}}', '[{"prototype":1}]']) {
      expect(parse(text)._unsafeUnwrapErr()).toContain('forbidden key');
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('finds them however deep, and however the key is escaped', () => {
    expect(parse('{"\\u005f_proto__":{"admin":true}}')._unsafeUnwrapErr()).toContain('forbidden key __proto__');
    expect(parse('{"a":[1,[{"b":{"constructor":0}}]]}')._unsafeUnwrapErr()).toContain('forbidden key constructor');
    expect(parse('[[{"a":[2,-1e999]}]]')._unsafeUnwrapErr()).toContain('out of range');
    // The same words as values, or inside longer keys, are ordinary data.
    expect(parse('{"note":"__proto__","prototypes":["constructor"]}')._unsafeUnwrap()).toEqual({ note: '__proto__', prototypes: ['constructor'] });
  });

  it('refuses non-JSON, numbers overflowing to Infinity, and nesting beyond the limit', () => {
    expect(parse('{"a":')._unsafeUnwrapErr()).toContain('not JSON');
    expect(parse('')._unsafeUnwrapErr()).toContain('not JSON');
    expect(parse('{"a":1e999}')._unsafeUnwrapErr()).toContain('out of range');
    expect(parse(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`).isOk()).toBe(true);
    expect(parse(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)._unsafeUnwrapErr()).toContain('deeper');
    expect(parse('['.repeat(500_000)).isErr()).toBe(true);
  });

  it('counts depth outside strings only', () => {
    expect(parse(JSON.stringify({ a: '['.repeat(100), b: '\\"[[[' }))._unsafeUnwrap()).toEqual({ a: '['.repeat(100), b: '\\"[[[' });
  });

  it('can drop trailing commas outside strings only (for RB2B sample-shaped bodies)', () => {
    const fixed = (text: string) => withoutTrailingCommas(Buffer.from(text)).toString();
    expect(fixed('{"a": 1,\n}')).toBe('{"a": 1\n}');
    expect(fixed('[1, 2 , ]')).toBe('[1, 2  ]');
    expect(fixed('{"a": ",}", "b": "\\",]"}')).toBe('{"a": ",}", "b": "\\",]"}');
    expect(fixed('{"a": [1,],}')).toBe('{"a": [1]}');
  });
});
