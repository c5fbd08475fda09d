import { defineConfig } from 'vitest/config';

/**
 * One test run for the whole workspace. Packages resolve to their TypeScript sources
 * through the `@caio/source` export condition, so tests never need a build first.
 */
export default defineConfig({
  resolve: { conditions: ['@caio/source'] },
  ssr: { resolve: { conditions: ['@caio/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'docs/examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // fast-check prints the seed and path of a failing run; keep reports readable in CI.
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
