// @ts-check
// The ESLint config a CI job uses to check differentiable code with @pullback/eslint-plugin:
//
//   npx eslint --config examples/lint-in-ci/eslint.ci.config.js --max-warnings 0 <files>
//
// It is a complete flat config: the TypeScript parser, then the plugin's strict config.
import tseslint from 'typescript-eslint';
import pullback from '@pullback/eslint-plugin';

export default tseslint.config(
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  { ...pullback.configs.strict, files: ['**/*.ts'] },
);
