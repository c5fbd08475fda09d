import { DualProviderContactDirectory, MemoryProviderContactDirectory, type IdentityKey } from '@caio/core';
import { providerContactDirectoryContract } from '@caio/testkit/contracts';
import { errAsync } from 'neverthrow';
import { describe, expect, it } from 'vitest';

providerContactDirectoryContract('memory', async () => ({ directory: new MemoryProviderContactDirectory() }), { durable: false });
providerContactDirectoryContract('dual (memory + memory)', async () => ({ directory: new DualProviderContactDirectory(new MemoryProviderContactDirectory(), new MemoryProviderContactDirectory()) }), { durable: false });

describe('DualProviderContactDirectory', () => {
  it('writes both, reads the primary, and a failing secondary is not an error', async () => {
    const [primary, secondary] = [new MemoryProviderContactDirectory(), new MemoryProviderContactDirectory()];
    const dual = new DualProviderContactDirectory(primary, secondary);
    (await dual.remember('ghl', 'ct_1', ['email:a@b.example' as IdentityKey]))._unsafeUnwrap();
    expect((await secondary.lookup('ghl', 'ct_1'))._unsafeUnwrap()).toEqual(['email:a@b.example']);
    const broken = new DualProviderContactDirectory(primary, { remember: () => errAsync({ _tag: 'StoreUnavailable', message: 'down' }), lookup: () => errAsync({ _tag: 'StoreUnavailable', message: 'down' }) });
    expect((await broken.remember('ghl', 'ct_2', ['email:c@d.example' as IdentityKey])).isOk()).toBe(true);
    expect((await broken.lookup('ghl', 'ct_2'))._unsafeUnwrap()).toEqual(['email:c@d.example']);
  });
});
