import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// Tests run against the TypeScript sources, so `npm run test:unit` needs no build step.
const alias = [
  {
    find: /^@pullback\/rules-core\/math$/,
    replacement: here('./packages/rules-core/src/math/index.ts'),
  },
  {
    find: /^@pullback\/rules-core\/interpreter$/,
    replacement: here('./packages/rules-core/src/interpreter/index.ts'),
  },
  { find: /^@pullback\/rules-core$/, replacement: here('./packages/rules-core/src/index.ts') },
  {
    find: /^@pullback\/engine\/diagnostics$/,
    replacement: here('./packages/engine/src/diagnostics.ts'),
  },
  { find: /^@pullback\/engine$/, replacement: here('./packages/engine/src/index.ts') },
  {
    find: /^@pullback\/test-utils\/vitest$/,
    replacement: here('./packages/test-utils/src/vitest/index.ts'),
  },
  { find: /^@pullback\/test-utils$/, replacement: here('./packages/test-utils/src/index.ts') },
  {
    find: /^@pullback\/eslint-plugin$/,
    replacement: here('./packages/eslint-plugin/src/index.ts'),
  },
];

const project = (name: string, root: string, isolate = true) => ({
  extends: true as const,
  test: { name, root: here(root), include: ['test/**/*.test.ts'], isolate },
});

export default defineConfig({
  resolve: { alias },
  test: {
    setupFiles: [here('./vitest.setup.ts')],
    // Type-aware lint tests and example runs take seconds; on a busy machine more than 5.
    testTimeout: 30_000,
    projects: [
      // Isolation would reload @fast-check/vitest (~4 s) in each of rules-core's files; they share no state.
      project('rules-core', './packages/rules-core', false),
      project('engine', './packages/engine'),
      project('test-utils', './packages/test-utils'),
      // Isolation would reload ESLint, typescript-eslint and TypeScript in each of the plugin's
      // files (half the project's time); the plugin's and typescript-eslint's caches are keyed
      // by file, content and program, so the files cannot see each other's state.
      project('eslint-plugin', './packages/eslint-plugin', false),
      project('examples', './examples'),
      // stats-kit's files share no state; isolation would reload the engine and fast-check per file.
      project('stats-kit', './examples/stats-kit', false),
      project('optimize', './examples/optimize'),
      project('docs-tools', './tools/docs'),
    ],
  },
});
