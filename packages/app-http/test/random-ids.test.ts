import type { IncomingMessage } from 'node:http';
import { parseCardId } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { RandomPool } from '../src/composition/random-pool.js';
import { TimeSortedIds } from '../src/composition/time-sorted-ids.js';
import { traceIdFor } from '../src/http/trace-id.js';

describe('RandomPool', () => {
  it('hands out fresh bytes across refills and never the same run twice', () => {
    const pool = new RandomPool();
    // 3,000 draws of 9 bytes cross the 4 KiB pool several times.
    const seen = new Set<string>();
    for (let i = 0; i < 3_000; i++) seen.add(pool.bytes(9).toString('hex'));
    expect(seen.size).toBe(3_000);
    const words = new Set<number>();
    for (let i = 0; i < 3_000; i++) words.add(pool.uint32());
    // 3,000 draws from 2^32 values: a collision has probability about 0.1 %; more than one means no randomness.
    expect(words.size).toBeGreaterThanOrEqual(2_999);
  });

  it('returns copies that later draws do not change', () => {
    const pool = new RandomPool();
    const first = pool.bytes(16);
    const kept = Buffer.from(first);
    for (let i = 0; i < 2_000; i++) pool.bytes(16);
    expect(first.equals(kept)).toBe(true);
  });

  it('refuses a count outside 0..4096', () => {
    const pool = new RandomPool();
    expect(pool.bytes(0).length).toBe(0);
    expect(pool.bytes(4096).length).toBe(4096);
    expect(() => pool.bytes(4097)).toThrow(RangeError);
    expect(() => pool.bytes(-1)).toThrow(RangeError);
    expect(() => pool.bytes(1.5)).toThrow(RangeError);
  });
});

describe('TimeSortedIds', () => {
  it('sorts in creation order within one millisecond and across milliseconds, without collisions', () => {
    let now = 1_700_000_000_000;
    const ids = new TimeSortedIds(() => now);
    const made: string[] = [];
    for (let i = 0; i < 500; i++) {
      made.push(ids.next('card'));
      if (i % 100 === 99) now += 1;
    }
    expect(new Set(made).size).toBe(500);
    expect([...made].sort()).toEqual(made);
    expect(made[0]).toMatch(/^card_u[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(parseCardId(made[0]!).isOk()).toBe(true);
  });

  it('stays increasing when the clock steps back', () => {
    let now = 1_700_000_010_000;
    const ids = new TimeSortedIds(() => now);
    const made = [ids.next('audit')];
    for (const step of [-1, -5_000, 0, -60_000, 3, -1]) {
      now += step;
      made.push(ids.next('audit'));
    }
    for (let i = 1; i < made.length; i++) expect(made[i]! > made[i - 1]!).toBe(true);
  });

  it('carries at least 80 random bits: ids of one millisecond from two generators differ in their random part', () => {
    const a = new TimeSortedIds(() => 1_700_000_000_000).next('card');
    const b = new TimeSortedIds(() => 1_700_000_000_000).next('card');
    expect(a.slice(0, 16)).toBe(b.slice(0, 16)); // prefix, marker and 10 time characters
    expect(a.slice(16)).toHaveLength(16); // 16 characters of 5 bits
    expect(a).not.toBe(b);
  });

  it('sorts after every id of the earlier base-36 format, which stays a valid id', () => {
    const legacy = ['card_0mi3k2x1a000abc1234', 'card_0zzzzzzzz000zzzzzzz'];
    const fresh = new TimeSortedIds(() => 946_684_800_000).next('card'); // even a year-2000 clock
    for (const old of legacy) {
      expect(parseCardId(old).isOk()).toBe(true);
      expect(fresh > old).toBe(true);
    }
  });
});

describe('traceIdFor', () => {
  const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  it('keeps a safe caller trace id and makes a new random one otherwise', () => {
    expect(traceIdFor(request({ 'x-request-id': 'abc12345-upstream' }))).toBe('abc12345-upstream');
    const made = new Set(Array.from({ length: 1_000 }, () => traceIdFor(request({ 'x-trace-id': 'bad id with spaces' }))));
    expect(made.size).toBe(1_000);
    for (const id of made) expect(id).toMatch(/^trace_[A-Za-z0-9_-]{12}$/);
  });
});
