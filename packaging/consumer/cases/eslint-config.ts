// The plugin's configs in a typed flat config, written as the plugin's README shows.
import tseslint from 'typescript-eslint';
import pullback from '@pullback/eslint-plugin';

export default tseslint.config(
  ...tseslint.configs.recommended,
  pullback.configs.recommended,
  { ...pullback.configs.strict, files: ['src/model/**/*.ts'] },
  { settings: { pullback: { differentiableFiles: ['src/models/**/*.ts'] } } },
);
