import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: a real server on a temporary data directory and a real Chromium.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
