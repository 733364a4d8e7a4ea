import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@medlabel/loop',
    // Import CommonJS packages as Node does. Vitest's default interop proxies the default
    // export's properties onto the namespace; libsvm-js exports a Promise, so the namespace
    // became a thenable that `await import()` tried to call.
    deps: { interopDefault: false },
  },
});
