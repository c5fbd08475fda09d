import { LEAD_SCAN_BUDGET, MemoryStateStore, searchLeads } from '@caio/core';
import { aLead } from '@caio/testkit';
import { describe, expect, it } from 'vitest';

describe('searchLeads', () => {
  it('reads at most the scan budget per page: a rare match answers a short page with next, and the next page finds it', async () => {
    const store = new MemoryStateStore();
    const total = LEAD_SCAN_BUDGET + 50;
    for (let i = 0; i < total; i++) {
      const id = `lead_${String(i).padStart(5, '0')}`;
      (await store.putLead(aLead(id, i === total - 1 ? { company: 'Needle Inc' } : {}), null))._unsafeUnwrap();
    }
    const first = (await searchLeads({ store }, { q: 'needle', limit: 10 }))._unsafeUnwrap();
    expect(first.items).toEqual([]);
    expect(first.scanned).toBe(LEAD_SCAN_BUDGET);
    expect(first.next).toBe(`lead_${String(LEAD_SCAN_BUDGET - 1).padStart(5, '0')}`);
    const second = (await searchLeads({ store }, { q: 'needle', limit: 10, after: first.next }))._unsafeUnwrap();
    expect(second.items.map((o) => o.lead.id)).toEqual([`lead_${String(total - 1).padStart(5, '0')}`]);
    expect(second.next).toBeUndefined();
    expect(second.scanned).toBe(50);
  });
});
