// Lints the talk's badcopy, written in JavaScript, with the plugin's untyped `recommended`
// config and ESLint's own parser, and prints the rules that reported, as JSON.
import { Linter } from 'eslint';
import pullback from '@pullback/eslint-plugin';
import process from 'node:process';

const code = `import { differentiable } from '@pullback/rules-core';

export const badcopy = differentiable(function badcopy(x) {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i];
  return y;
});
`;
const messages = new Linter().verify(
  code,
  [{ ...pullback.configs.recommended, files: ['**/*.js'] }],
  'badcopy.js',
);
process.stdout.write(JSON.stringify(messages.map((m) => m.ruleId ?? `fatal: ${m.message}`)));
