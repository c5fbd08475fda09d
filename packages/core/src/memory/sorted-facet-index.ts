/** First position in `sorted` whose member is >= `bound` (or > `bound` when `strict`). */
export const searchSorted = (sorted: readonly string[], bound: string, strict: boolean): number => {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const member = sorted[mid] as string;
    if (member < bound || (strict && member === bound)) low = mid + 1;
    else high = mid;
  }
  return low;
};

/** Where a record sits in a `SortedFacetIndex`: its sort text and the lists it is in (`null`: in none). */
export type FacetPlacement = { readonly member: string; readonly facets: readonly string[] } | null;

/**
 * Derived lists of one table of the reference store: per facet (a name such as
 * `status:approved`), the members of the records in it, sorted as text. Never saved:
 * built from the table on first use and after `reset` (a reload or an import), then
 * kept in step by `touch` on every write of the table, so a listing reads only the
 * members it returns. Ids and queue members grow with time, so an insertion is nearly
 * always an append.
 *
 * @category adapters
 */
export class SortedFacetIndex<R> {
  private readonly lists = new Map<string, string[]>();
  private readonly entries = new Map<string, { member: string; facets: readonly string[] }>();
  private built = false;

  constructor(private readonly place: (record: R) => FacetPlacement) {}

  /** Forgets everything: the next read rebuilds from the table. */
  reset(): void {
    this.built = false;
    this.lists.clear();
    this.entries.clear();
  }

  /** The sorted members of one facet, building the lists from `table` (id -> record) first if needed. */
  list(facet: string, table: Readonly<Record<string, R>>): readonly string[] {
    if (!this.built) {
      for (const [id, record] of Object.entries(table)) this.add(id, record);
      this.built = true;
    }
    return this.lists.get(facet) ?? [];
  }

  /**
   * Keeps the lists in step with a record just written (or removed, `null`). Only the
   * lists the write changes are touched: a card moving from `approved` to `queued` leaves
   * its place in `all`, its channel and its lead lists as it was (each move in a long
   * list is a splice of the whole array).
   */
  touch(id: string, record: R | null | undefined): void {
    if (!this.built) return;
    const before = this.entries.get(id);
    const after = record ? this.place(record) : null;
    // In both placements under the same member: already where it belongs.
    const kept = (facet: string): boolean => before !== undefined && after !== null && before.member === after.member && before.facets.includes(facet) && after.facets.includes(facet);
    if (before) for (const facet of before.facets) if (!kept(facet)) this.removeFrom(facet, before.member);
    // Overwritten in place, deleted only when the record is gone: see `removeFrom` on why a
    // Map's delete-then-set of the same key is not free.
    if (after) {
      this.entries.set(id, after);
      for (const facet of after.facets) if (!kept(facet)) this.addTo(facet, after.member);
    } else if (before) this.entries.delete(id);
  }

  private add(id: string, record: R): void {
    const placement = this.place(record);
    if (!placement) return;
    this.entries.set(id, placement);
    for (const facet of placement.facets) this.addTo(facet, placement.member);
  }

  private addTo(facet: string, member: string): void {
    let list = this.lists.get(facet);
    if (!list) this.lists.set(facet, (list = []));
    const at = list.length === 0 || (list.at(-1) as string) < member ? list.length : searchSorted(list, member, false);
    list.splice(at, 0, member);
  }

  private removeFrom(facet: string, member: string): void {
    const list = this.lists.get(facet);
    if (!list) return;
    const at = searchSorted(list, member, false);
    if (list[at] === member) removeAt(list, at);
    // An emptied list stays in the map. A V8 Map's delete leaves a hole its next set does not
    // reuse, and once holes fill the table it is rebuilt whole: with a list per lead (tens of
    // thousands of keys), deleting and re-creating `status:queued` as each card passes through
    // cost 18 µs per card on average and up to 4 ms at once (bench/dispatch-vs-capacity.mjs,
    // timed per list). The lists a table can have are few besides the per-lead ones.
  }
}

/**
 * Removes `list[at]`, moving the shorter side. Dispatch takes cards from the front of the
 * long `approved` lists, and `splice` there moves the whole tail (about 1 µs per 10,000
 * members, several per card); shifting the few members before `at` and then the head off
 * (`shift` trims the array's start in place) moves only those.
 */
const removeAt = (list: string[], at: number): void => {
  if (at >= list.length / 2) {
    list.splice(at, 1);
    return;
  }
  for (let i = at; i > 0; i--) list[i] = list[i - 1] as string;
  list.shift();
};
