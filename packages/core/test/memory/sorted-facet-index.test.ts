import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedFacetIndex, type FacetPlacement } from '../../src/memory/sorted-facet-index.js';

interface Row {
  readonly status: string;
  readonly owner: string;
}

const facetsOf = (row: Row): string[] => ['all', `status:${row.status}`, `owner:${row.owner}`];
const place = (row: Row & { readonly id: string }): FacetPlacement => ({ member: row.id, facets: facetsOf(row) });

/** The index under test keyed by id, with the table it is built from, kept in step as a store does. */
const indexed = () => {
  const table: Record<string, Row> = {};
  const index = new SortedFacetIndex<Row & { readonly id: string }>(place);
  const write = (id: string, row: Row | null): void => {
    if (row) table[id] = row;
    else delete table[id];
    index.touch(id, row ? { ...row, id } : null);
  };
  const list = (facet: string) => index.list(facet, Object.fromEntries(Object.entries(table).map(([id, row]) => [id, { ...row, id }])));
  return { table, write, list };
};

/** What each list must hold: the ids of the rows in that facet, sorted as text. */
const expected = (table: Record<string, Row>, facet: string): string[] =>
  Object.entries(table)
    .filter(([, row]) => facetsOf(row).includes(facet))
    .map(([id]) => id)
    .sort();

describe('SortedFacetIndex', () => {
  it('moves a record only between the lists its write changes, and reads an emptied list as empty', () => {
    const { write, list } = indexed();
    write('card_1', { status: 'approved', owner: 'ada' });
    write('card_2', { status: 'approved', owner: 'bob' });
    expect(list('status:approved')).toEqual(['card_1', 'card_2']);
    // Passing through `queued` as dispatch does: the list empties and fills again each time.
    for (const id of ['card_1', 'card_2']) {
      write(id, { status: 'queued', owner: id === 'card_1' ? 'ada' : 'bob' });
      expect(list('status:queued')).toEqual([id]);
      write(id, { status: 'sent', owner: id === 'card_1' ? 'ada' : 'bob' });
      expect(list('status:queued')).toEqual([]);
    }
    expect(list('status:approved')).toEqual([]);
    expect(list('status:sent')).toEqual(['card_1', 'card_2']);
    expect(list('all')).toEqual(['card_1', 'card_2']);
    write('card_1', null);
    expect(list('all')).toEqual(['card_2']);
    expect(list('owner:ada')).toEqual([]);
    // A removed record written again is listed again.
    write('card_1', { status: 'queued', owner: 'ada' });
    expect(list('status:queued')).toEqual(['card_1']);
    expect(list('owner:ada')).toEqual(['card_1']);
  });

  it('keeps every list equal to its facet of the table, sorted, whatever the order of writes and removals', () => {
    const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
    const row = fc.record({ status: fc.constantFrom('approved', 'queued', 'sent'), owner: fc.constantFrom('ada', 'bob') });
    const op = fc.tuple(ids, fc.option(row, { nil: null }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 0, max: 60 }), (ops, readAt) => {
        const { table, write, list } = indexed();
        // The index is built on its first read (from the table as it is then), and kept in step after.
        ops.forEach(([id, next], i) => {
          if (i === readAt) list('all');
          write(id, next);
        });
        for (const facet of ['all', 'status:approved', 'status:queued', 'status:sent', 'owner:ada', 'owner:bob']) {
          expect(list(facet)).toEqual(expected(table, facet));
        }
      }),
    );
  });
});
