import type { Card } from '../card/card.js';
import { queueFacets, queueMember } from '../queue/queue-query.js';

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

/**
 * The reference store's queue indexes: per facet (see `queueFacets`), the members of the
 * pending cards in queue order. Derived data, never saved: built from the cards on first
 * use and after `reset` (a reload or an import), then kept in step by `touch` on every
 * card write, so a page reads only the members it returns. Cards arrive in creation
 * order, so an insertion is nearly always an append.
 *
 * @category adapters
 */
export class MemoryQueueIndex {
  private readonly lists = new Map<string, string[]>();
  private readonly entries = new Map<string, { member: string; facets: string[] }>();
  private built = false;

  /** Forgets everything: the next read rebuilds from the cards. */
  reset(): void {
    this.built = false;
    this.lists.clear();
    this.entries.clear();
  }

  /** The sorted members of one facet, building the indexes from `cards` first if needed. */
  list(facet: string, cards: Readonly<Record<string, Card>>): readonly string[] {
    if (!this.built) {
      for (const card of Object.values(cards)) this.add(card);
      this.built = true;
    }
    return this.lists.get(facet) ?? [];
  }

  /** Keeps the indexes in step with a card just written (or removed, `null`). */
  touch(id: string, card: Card | null): void {
    if (!this.built) return;
    this.remove(id);
    if (card) this.add(card);
  }

  private add(card: Card): void {
    if (card.status !== 'pending') return;
    const entry = { member: queueMember(card), facets: queueFacets(card) };
    this.entries.set(card.id, entry);
    for (const facet of entry.facets) {
      let list = this.lists.get(facet);
      if (!list) this.lists.set(facet, (list = []));
      const at = list.length === 0 || (list.at(-1) as string) < entry.member ? list.length : searchSorted(list, entry.member, false);
      list.splice(at, 0, entry.member);
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
