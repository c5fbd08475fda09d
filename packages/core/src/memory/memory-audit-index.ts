import type { AuditEntry } from '../audit/audit-entry.js';

/** The lists an audit entry is in: its trace, card, lead, each identity key, its action. */
export const auditFacets = (entry: AuditEntry): string[] => [
  `trace:${entry.trace.traceId}`,
  ...(entry.cardId ? [`card:${entry.cardId}`] : []),
  ...(entry.leadId ? [`lead:${entry.leadId}`] : []),
  ...[...new Set(entry.identityKeys ?? [])].map((key) => `key:${key}`),
  `action:${entry.action}`,
];

/**
 * The reference store's audit indexes: per facet (`auditFacets`), the sequence numbers of
 * its entries, oldest first. An entry's sequence number is its position in the log plus
 * the number of entries archived from the head so far (`base`), so archival moves no
 * list: it raises `base`, and a list sheds its archived head when next read. Derived,
 * never saved: built from the log on first use and after `reset` (a reload, an erasure
 * that rewrote the log), then kept in step by `appended` and `droppedHead`.
 *
 * @category adapters
 */
export class MemoryAuditIndex {
  private readonly lists = new Map<string, number[]>();
  private base = 0;
  private built = false;

  reset(): void {
    this.built = false;
    this.base = 0;
    this.lists.clear();
  }

  /** An entry was appended at `position` of the log. */
  appended(entry: AuditEntry, position: number): void {
    if (this.built) this.add(entry, this.base + position);
  }

  /** `count` entries were archived from the head of the log. */
  droppedHead(count: number): void {
    if (this.built) this.base += count;
  }

  /** The last `limit` entries of `facet` that `keep` accepts, oldest first. */
  newest(facet: string, log: readonly AuditEntry[], limit: number, keep: (entry: AuditEntry) => boolean = () => true): AuditEntry[] {
    const list = this.list(facet, log);
    const found: AuditEntry[] = [];
    for (let i = list.length - 1; i >= 0 && found.length < limit; i--) {
      const entry = log[(list[i] as number) - this.base];
      if (entry && keep(entry)) found.push(entry);
    }
    return found.reverse();
  }

  /** The size of a facet's list (to pick the smallest of several). */
  size(facet: string, log: readonly AuditEntry[]): number {
    return this.list(facet, log).length;
  }

  private list(facet: string, log: readonly AuditEntry[]): readonly number[] {
    if (!this.built) {
      log.forEach((entry, position) => this.add(entry, position));
      this.built = true;
    }
    const list = this.lists.get(facet);
    if (!list) return [];
    // Shed the archived head (sequence numbers below `base`).
    let archived = 0;
    while (archived < list.length && (list[archived] as number) < this.base) archived++;
    if (archived > 0) list.splice(0, archived);
    if (list.length === 0) this.lists.delete(facet);
    return list;
  }

  private add(entry: AuditEntry, seq: number): void {
    for (const facet of auditFacets(entry)) {
      let list = this.lists.get(facet);
      if (!list) this.lists.set(facet, (list = []));
      list.push(seq);
    }
  }
}
