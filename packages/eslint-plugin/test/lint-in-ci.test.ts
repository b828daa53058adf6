import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('../../../examples/lint-in-ci/', import.meta.url));
// A JavaScript file with no declarations: a computed specifier keeps TypeScript from asking for them.
const configFile = `${exampleDir}eslint.ci.config.js`;

describe('examples/lint-in-ci', () => {
  // Loads typescript-eslint's config module: seconds on a busy machine.
  it(
    'the CI config reports exactly the expected diagnostics in the broken file',
    { timeout: 30_000 },
    async () => {
      // Imported through vitest, so '@pullback/eslint-plugin' in the config resolves to src/.
      const configModule: unknown = await import(configFile);
      const config = (configModule as { default: Linter.Config[] }).default;
      expect(Array.isArray(config)).toBe(true);
      const eslint = new ESLint({
        cwd: exampleDir,
        overrideConfigFile: true,
        overrideConfig: config,
      });
      const [result] = await eslint.lintFiles(['broken/broken.ts']);
      expect(result.messages.filter((message) => message.fatal)).toEqual([]);
      expect(result.messages.map((message) => [message.ruleId, message.line])).toEqual([
        ['@pullback/prefer-generic-types', 10],
        ['@pullback/no-non-generic-storage', 11],
        ['@pullback/no-typed-array-write', 12],
        ['@pullback/no-raw-arithmetic', 18],
        ['@pullback/no-raw-arithmetic', 18],
        ['@pullback/no-active-coercion', 19],
        ['@pullback/no-nondifferentiable-math', 20],
        ['@pullback/no-nondifferentiable-math', 21],
        ['@pullback/no-input-mutation', 27],
        ['@pullback/valid-rule', 36],
      ]);
      expect(result.errorCount).toBe(10);
      const storage = result.messages.find(
        (message) => message.ruleId === '@pullback/no-non-generic-storage',
      );
      expect(storage?.message).toContain('similar(x)');
    },
  );
});
