/**
 * Linting differentiable code before it runs: the talk's badcopy and goodcopy through
 * `@pullback/eslint-plugin`'s recommended config, with ESLint's Node API.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '@pullback/eslint-plugin';

/** The source the tour lints: the talk's two copies, as a user would first write them. */
export const talkSource = `import { differentiable, type RealArray } from '@pullback/rules-core';
import { at, setAt, similar } from '@pullback/rules-core/math';

export const badcopy = differentiable(function badcopy(x: RealArray) {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = at(x, i) as number;
  return y;
});

export const goodcopy = differentiable(function goodcopy(x: RealArray) {
  const y = similar(x);
  for (let i = 0; i < x.length; i++) setAt(y, i, at(x, i));
  return y;
});
`;

/** One diagnostic, as the tour prints it. */
export interface Finding {
  readonly line: number;
  readonly rule: string;
  readonly message: string;
}

/** Lints `source` (a TypeScript file) with the plugin's recommended config. */
export async function lintSource(source: string = talkSource): Promise<Finding[]> {
  const eslint = new ESLint({
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
      plugin.configs.recommended as never,
    ],
  });
  const [result] = await eslint.lintText(source, { filePath: 'talk.ts' });
  return result.messages.map((m) => ({
    line: m.line,
    rule: m.ruleId ?? '(parser)',
    message: m.message,
  }));
}
