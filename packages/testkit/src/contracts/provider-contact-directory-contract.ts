import type { IdentityKey, ProviderContactDirectory } from '@caio/core';
import { afterEach, describe, expect, it } from 'vitest';

/** What an adapter hands the contract: a directory, and (for durable ones) the same directory opened again. @category testing */
export interface ProviderContactDirectoryHarness {
  readonly directory: ProviderContactDirectory;
  /** The same storage opened anew (a restart, another instance); required when the suite is run as durable. */
  readonly reopen?: () => Promise<ProviderContactDirectory>;
  readonly dispose?: () => Promise<void>;
}

const keys = (...values: string[]) => values as IdentityKey[];

/**
 * The `ProviderContactDirectory` contract: an unknown contact has no keys, a remembered one
 * has the keys given, remembering again unites the keys (idempotent, never loses one),
 * contacts are apart, and a durable adapter keeps them across a reopen.
 *
 * @category testing
 */
export const providerContactDirectoryContract = (adapter: string, makeHarness: () => Promise<ProviderContactDirectoryHarness>, options: { readonly durable: boolean }): void => {
  describe(`ProviderContactDirectory contract: ${adapter}`, () => {
    let harness: ProviderContactDirectoryHarness | undefined;
    const open = async () => (harness = await makeHarness());
    afterEach(async () => {
      await harness?.dispose?.();
      harness = undefined;
    });

    it('knows no keys for a contact it was never told about', async () => {
      const { directory } = await open();
      expect((await directory.lookup('ghl', 'ct_unknown'))._unsafeUnwrap()).toEqual([]);
    });

    it('answers the remembered keys, united over repeated calls, each contact apart', async () => {
      const { directory } = await open();
      (await directory.remember('ghl', 'ct_ada', keys('email:ada@acme.example')))._unsafeUnwrap();
      (await directory.remember('ghl', 'ct_ada', keys('email:ada@acme.example')))._unsafeUnwrap();
      (await directory.remember('ghl', 'ct_ada', keys('linkedin:linkedin.com/in/ada')))._unsafeUnwrap();
      (await directory.remember('ghl', 'ct_grace', keys('email:grace@acme.example')))._unsafeUnwrap();
      expect([...(await directory.lookup('ghl', 'ct_ada'))._unsafeUnwrap()].sort()).toEqual(['email:ada@acme.example', 'linkedin:linkedin.com/in/ada']);
      expect((await directory.lookup('ghl', 'ct_grace'))._unsafeUnwrap()).toEqual(['email:grace@acme.example']);
    });

    if (!options.durable) return;
    it('keeps what it was told across a reopen', async () => {
      const h = await open();
      if (!h.reopen) throw new Error(`${adapter}: a durable harness needs reopen`);
      (await h.directory.remember('ghl', 'ct_ada', keys('email:ada@acme.example')))._unsafeUnwrap();
      const again = await h.reopen();
      expect((await again.lookup('ghl', 'ct_ada'))._unsafeUnwrap()).toEqual(['email:ada@acme.example']);
    });
  });
};
