import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The packaging checks read the built packages (`npm run build` first) and run apart from the
// unit tests: `npm run test:packages`.
export default defineConfig({
  test: {
    name: 'packaging',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['test/**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    // Each check spawns npm, tsc or Node; on a shared 2-core machine they can take a while.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
