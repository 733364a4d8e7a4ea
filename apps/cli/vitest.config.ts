import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@medlabel/cli',
    // Import CommonJS packages as Node does (libsvm-js exports a Promise; see packages/loop).
    deps: { interopDefault: false },
    testTimeout: 60_000,
  },
});
