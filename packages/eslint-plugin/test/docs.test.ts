import { readdirSync, readFileSync } from 'node:fs';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin, { configsOf, rules, type PullbackRuleDocs } from '../src/index.js';

const docsDir = new URL('../docs/rules/', import.meta.url);
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
type RuleName = keyof typeof rules;
const ruleNames = Object.keys(rules) as RuleName[];

/** A rule's docs; RuleCreator always sets them, the type only says they may be missing. */
function docsOf(name: RuleName): PullbackRuleDocs & { description: string; url?: string } {
  const docs = rules[name].meta.docs;
  if (!docs) throw new Error(`${name} has no meta.docs`);
  return docs;
}

/** The fenced ```ts blocks under a `### ` heading of a rule doc (with or without flags such as `type-error`). */
function examples(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`### ${heading}`);
  if (start === -1) return [];
  const rest = markdown.slice(start + heading.length + 4);
  const end = rest.search(/^#{2,3} /m);
  const section = end === -1 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^```ts(?:[ \t][^\n]*)?\n([\s\S]*?)^```$/gm)].map(
    (match) => match[1],
  );
}

/** How a doc writes the default options: `[{ checkAllWrites: false }]`. */
function optionsText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(optionsText).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${key}: ${optionsText(item)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

const linter = new Linter();
const parserConfig: Linter.Config = { files: ['**/*.ts'], languageOptions: { parser: tsParser } };

function lint(code: string, config: Linter.Config): Linter.LintMessage[] {
  return linter.verify(code, [parserConfig, config], 'example.ts');
}

describe('rule docs', () => {
  it('there is a doc for every rule and a rule for every doc', () => {
    const docs = readdirSync(docsDir).filter((file) => file.endsWith('.md'));
    expect(docs.map((file) => file.replace(/\.md$/, '')).sort()).toEqual([...ruleNames].sort());
  });

  describe.each(ruleNames)('%s', (name) => {
    const rule = rules[name];
    const markdown = readFileSync(new URL(`${name}.md`, docsDir), 'utf8');
    const docs = docsOf(name);

    it('names the rule, its description, configs and fixes', () => {
      expect(markdown.split('\n')[0]).toBe(`# \`@pullback/${name}\``);
      expect(markdown).toContain(`\n> ${docs.description}\n`);
      expect(markdown).toContain(`**Configs:** ${configsOf(docs).sort().join(', ')} ·`);
      const fixes = [
        rule.meta.fixable ? 'automatic' : undefined,
        rule.meta.hasSuggestions ? 'suggestions' : undefined,
      ]
        .filter(Boolean)
        .join(' and ');
      expect(markdown).toContain(`**Fix:** ${fixes || 'none'} ·`);
      expect(docs.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
    });

    it('has every section and states the default options', () => {
      for (const section of [
        '## Rule details',
        '## Examples',
        '### ❌ Incorrect',
        '### ✅ Correct',
        '## Options',
        '## When not to use it',
      ]) {
        expect(markdown).toContain(`\n${section}\n`);
      }
      expect(markdown).toContain(
        `const defaultOptions: Options = ${optionsText(rule.meta.defaultOptions)};`,
      );
      for (const option of Object.keys((rule.meta.defaultOptions?.[0] ?? {}) as object)) {
        expect(markdown).toContain(`- \`${option}\`:`);
      }
    });

    const incorrect = examples(markdown, '❌ Incorrect');
    const correct = examples(markdown, '✅ Correct');

    it('has failing and passing examples', () => {
      expect(incorrect.length).toBeGreaterThan(0);
      expect(correct.length).toBeGreaterThan(0);
    });

    it.each(incorrect.map((code, i) => [i + 1, code] as const))(
      '❌ example %i is reported by the rule',
      (_, code) => {
        const onlyThisRule = {
          ...plugin.configs.strict,
          rules: { [`@pullback/${name}`]: 'error' },
        };
        const messages = lint(code, onlyThisRule as Linter.Config);
        expect(messages.filter((message) => message.fatal)).toEqual([]);
        expect(messages.map((message) => message.ruleId)).toContain(`@pullback/${name}`);
      },
    );

    it.each(correct.map((code, i) => [i + 1, code] as const))(
      '✅ example %i is clean under every rule',
      (_, code) => {
        expect(lint(code, plugin.configs.strict as Linter.Config)).toEqual([]);
      },
    );
  });
});

describe('README', () => {
  it.each(ruleNames)('lists %s with its configs', (name) => {
    const row = readme
      .split('\n')
      .find((line) => line.startsWith(`| [\`${name}\`](${docsOf(name).url})`));
    expect(row).toBeDefined();
    const configs = configsOf(docsOf(name));
    for (const config of ['recommended', 'recommended-type-checked', 'strict'] as const) {
      expect(row?.split('|')[columnOf(config)].includes('✅')).toBe(configs.includes(config));
    }
  });
});

function columnOf(config: 'recommended' | 'recommended-type-checked' | 'strict'): number {
  const header = readme.split('\n').find((line) => line.startsWith('| Rule '));
  const cells = header?.split('|').map((cell) => cell.trim()) ?? [];
  return cells.indexOf(`\`${config}\``);
}
