import { FileStateStore } from '@caio/adapters-file';
import { planLeadMerge, type LeadId } from '@caio/core';
import { aLead } from '@caio/testkit';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './temp-dir.js';

describe('a file store written before identity merges', () => {
  it('opens (its snapshot has no aliases) and merges split identities from then on', async () => {
    const dir = tempDir();
    const open = async (compactAfterBytes?: number) => (await FileStateStore.open({ dir: dir.path, ...(compactAfterBytes ? { compactAfterBytes } : {}) }))._unsafeUnwrap();
    const store = await open(1);
    const email = (await store.putLead(aLead('lead_a', { email: 'zed@zeta.example', linkedinUrl: null }, '2026-01-01T00:00:00.000Z'), null))._unsafeUnwrap();
    const profile = (await store.putLead(aLead('lead_b', { email: null, linkedinUrl: 'linkedin.com/in/zed' }, '2026-02-01T00:00:00.000Z'), null))._unsafeUnwrap();
    await store.close();
    // Drop the aliases table from the compacted snapshot, as the previous version wrote it.
    const path = join(dir.path, 'snapshot.json');
    const snapshot = JSON.parse(readFileSync(path, 'utf8'));
    expect(snapshot.state.aliases).toEqual({});
    delete snapshot.state.aliases;
    writeFileSync(path, JSON.stringify(snapshot));

    const again = await open();
    const plan = planLeadMerge(aLead('row', { email: 'zed@zeta.example', linkedinUrl: 'linkedin.com/in/zed' }, '2026-03-01T00:00:00.000Z'), [email, profile], '2026-03-01T00:00:00.000Z');
    (await again.saveMergedLead({ lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) }))._unsafeUnwrap();
    await again.close();
    const third = await open();
    expect((await third.getLead('lead_b' as LeadId))._unsafeUnwrap()?.id).toBe('lead_a');
    await third.close();
    dir.remove();
  });
});
