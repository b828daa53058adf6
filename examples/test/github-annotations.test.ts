import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('../lint-in-ci/', import.meta.url));
const rootDir = fileURLToPath(new URL('../../', import.meta.url));
// JavaScript files without declarations: computed specifiers keep TypeScript from asking for them.
const formatterFile = `${exampleDir}github-annotations.js`;
const configFile = `${exampleDir}eslint.ci.config.js`;

type Formatter = (results: readonly ESLint.LintResult[], context?: { cwd?: string }) => string;
const load = async <T>(file: string): Promise<T> =>
  ((await import(file)) as { default: T }).default;

describe('examples/lint-in-ci/github-annotations.js (docs/lint-in-ci.md)', () => {
  it('prints one GitHub annotation per problem, at its file, lines, columns and rule', async () => {
    const format = await load<Formatter>(formatterFile);
    const eslint = new ESLint({
      cwd: exampleDir,
      overrideConfigFile: true,
      overrideConfig: await load<Linter.Config[]>(configFile),
    });
    const results = await eslint.lintFiles(['broken/broken.ts']);
    const messages = results[0].messages;
    expect(messages.length).toBeGreaterThan(0);
    const lines = format(results, { cwd: rootDir }).split('\n');
    expect(lines).toHaveLength(messages.length);
    lines.forEach((line, k) => {
      const m = messages[k];
      expect(line).toBe(
        `::error file=examples/lint-in-ci/broken/broken.ts,line=${m.line},col=${m.column},endLine=${m.endLine},endColumn=${m.endColumn},title=${m.ruleId}::${m.message.replace(/%/g, '%25').replace(/\n/g, '%0A')}`,
      );
    });
  });

  it('escapes what GitHub would read as separators, and marks warnings and parse errors', async () => {
    const format = await load<Formatter>(formatterFile);
    const result = {
      filePath: `${rootDir}src/a,b:c.ts`,
      messages: [
        { ruleId: null, severity: 1, line: 3, column: 1, message: '50% done,\nthen: more' },
      ],
    } as unknown as ESLint.LintResult;
    expect(format([result], { cwd: rootDir })).toBe(
      '::warning file=src/a%2Cb%3Ac.ts,line=3,col=1,title=ESLint::50%25 done,%0Athen: more',
    );
  });
});
