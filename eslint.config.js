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
      // The lint corpus is user code with deliberate mistakes, measured by its own harness.
      'packages/eslint-plugin/test/corpus/*/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
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
