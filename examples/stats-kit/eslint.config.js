// @ts-check
// The package's lint: typescript-eslint's recommended rules, and every rule of
// @pullback/eslint-plugin (its `strict` config) on the sources and the tests. `npm run lint` here;
// the monorepo's root `eslint .` picks this file up too (ESLint uses the config file nearest to
// each linted file), so the root `npm test` holds the package to it.
import tseslint from 'typescript-eslint';
import pullback from '@pullback/eslint-plugin';

export default tseslint.config(
  { ignores: ['dist/**'] },
  ...tseslint.configs.recommended,
  // This package's root: typescript-eslint asks for it when a parent folder has a config too.
  { languageOptions: { parserOptions: { tsconfigRootDir: import.meta.dirname } } },
  { ...pullback.configs.strict, files: ['**/*.ts'] },
);
