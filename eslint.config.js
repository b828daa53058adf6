// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pullback from '@pullback/eslint-plugin';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'examples/lint-in-ci/broken/**',
      'packages/eslint-plugin/test/fixtures/**',
      // Lint corpora: realistic user code, buggy on purpose, measured by the plugin's own tests.
      'packages/eslint-plugin/test/corpus/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Tool configurations that must be CommonJS (dependency-cruiser reads .dependency-cruiser.cjs).
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly' },
    },
  },
  // Folders with an eslint.config.js of their own (examples/stats-kit) are linted with it, and
  // typescript-eslint then needs each config to say which folder is its root.
  { languageOptions: { parserOptions: { tsconfigRootDir: import.meta.dirname } } },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  // Dogfood: the project's own differentiable code is held to @pullback/eslint-plugin's strict
  // config. The engine's interpreters and the vocabulary's implementations are where active
  // values are taken apart into numbers, on purpose and behind run-time checks the plugin cannot
  // follow, so they are left out.
  {
    ...pullback.configs.strict,
    files: ['examples/src/**/*.ts', 'packages/*/src/**/*.ts'],
    ignores: ['packages/engine/src/**', 'packages/rules-core/src/math/**'],
  },
);
