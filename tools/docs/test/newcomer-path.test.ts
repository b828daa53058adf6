import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchors, linkTargets } from '../src/markdown-links.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (file: string): string => readFileSync(`${root}${file}`, 'utf8');
const links = (file: string): string[] => linkTargets(read(file)).map((l) => l.target);

/** The text of the first ```ts block after `heading` (`## Your first rule`). */
function firstBlockAfter(file: string, heading: string): string {
  const text = read(file);
  const start = text.indexOf(`\n${heading}\n`);
  expect(start, `${file} has the heading "${heading}"`).toBeGreaterThanOrEqual(0);
  const open = text.indexOf('```ts', start);
  const body = text.indexOf('\n', open) + 1;
  return text.slice(body, text.indexOf('\n```', body));
}

/** `scalarRule(…);` as written in a block, whitespace collapsed. */
const ruleIn = (code: string): string =>
  (/scalarRule\([\s\S]*?\n\);/.exec(code)?.[0] ?? '').replace(/\s+/g, ' ');

// The promise: from the root README to a passing test of your own rule by links alone.
// Whether each link leads somewhere is `npm run docs`' check; this one keeps the path itself.
describe("a newcomer's path: README → writing rules → testing rules → stats-kit", () => {
  it('each page links the next', () => {
    expect(links('README.md')).toContain('docs/writing-rules.md');
    expect(links('docs/writing-rules.md')).toContain('testing-rules.md#your-first-test');
    expect(anchors(read('docs/testing-rules.md')).has('your-first-test')).toBe(true);
    expect(links('docs/testing-rules.md')).toContain('../examples/stats-kit');
  });

  it('the first test tests the first rule, as written', () => {
    const rule = ruleIn(firstBlockAfter('docs/writing-rules.md', '## Your first rule'));
    expect(rule).toContain('function logcosh(x: number): number');
    expect(ruleIn(firstBlockAfter('docs/testing-rules.md', '## Your first test'))).toBe(rule);
  });
});
