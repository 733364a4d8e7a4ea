import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@medlabel/api-client',
    include: ['test/**/*.test.ts'],
    // Generating the schema from the OpenAPI document and hashing a password on sign-in take
    // 10-15 s on a busy 2-core machine, past Vitest's 5 s default.
    testTimeout: 30_000,
  },
});
