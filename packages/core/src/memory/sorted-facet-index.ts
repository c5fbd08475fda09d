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

  /** Keeps the lists in step with a record just written (or removed, `null`). */
  touch(id: string, record: R | null | undefined): void {
    if (!this.built) return;
    this.remove(id);
    if (record) this.add(id, record);
  }

  private add(id: string, record: R): void {
    const placement = this.place(record);
    if (!placement) return;
    this.entries.set(id, placement);
    for (const facet of placement.facets) {
      let list = this.lists.get(facet);
      if (!list) this.lists.set(facet, (list = []));
      const at = list.length === 0 || (list.at(-1) as string) < placement.member ? list.length : searchSorted(list, placement.member, false);
      list.splice(at, 0, placement.member);
    }
  }

  private remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    for (const facet of entry.facets) {
      const list = this.lists.get(facet);
      if (!list) continue;
      const at = searchSorted(list, entry.member, false);
      if (list[at] === entry.member) list.splice(at, 1);
      if (list.length === 0) this.lists.delete(facet);
    }
  }
}
