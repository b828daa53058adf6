// The package's own test run (`npm test` here). In the monorepo the root vitest config runs the
// same files as its project `stats-kit`, against the sources.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });
