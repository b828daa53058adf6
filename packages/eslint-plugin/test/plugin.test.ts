import { readFileSync } from 'node:fs';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin, {
  configs,
  configsOf,
  meta,
  PLUGIN_NAMESPACE,
  rules,
  type PullbackRuleDocs,
} from '../src/index.js';
import { globToRegExp } from '../src/util/glob.js';

const packageJson = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as {
  name: string;
  version: string;
};
type RuleName = keyof typeof rules;
const ruleNames = Object.keys(rules) as RuleName[];

/** A rule's docs; RuleCreator always sets them, the type only says they may be missing. */
function docsOf(name: RuleName): PullbackRuleDocs & { description: string; url?: string } {
  const docs = rules[name].meta.docs;
  if (!docs) throw new Error(`${name} has no meta.docs`);
  return docs;
}

describe('the plugin object', () => {
  it("carries the package's name and version", () => {
    expect(plugin.meta).toEqual({ name: packageJson.name, version: packageJson.version });
    expect(meta).toBe(plugin.meta);
  });

  it('exports the same rules and configs by name and on the default export', () => {
    expect(plugin.rules).toBe(rules);
    expect(plugin.configs).toBe(configs);
    expect(ruleNames).toHaveLength(10);
  });

  it.each(ruleNames)('%s has a description, defaults, a docs URL and a config level', (name) => {
    const docs = docsOf(name);
    expect(docs.description).toMatch(/^(Disallow|Require) /);
    expect(rules[name].meta.defaultOptions).toHaveLength(1);
    expect(docs.url).toMatch(new RegExp(`docs/rules/${name}\\.md$`));
    expect(['recommended', 'strict']).toContain(docs.recommended);
  });
});

describe('configs', () => {
  it.each(Object.entries(configs))(
    '%s registers the plugin itself under @pullback',
    (name, config) => {
      expect(config.name).toBe(`${PLUGIN_NAMESPACE}/${name}`);
      expect(config.plugins?.[PLUGIN_NAMESPACE]).toBe(plugin);
      expect(Object.values(config.rules ?? {}).every((level) => level === 'error')).toBe(true);
    },
  );

  it.each(ruleNames)('%s is in exactly the configs its docs claim', (name) => {
    const claimed = configsOf(docsOf(name));
    for (const [config, value] of Object.entries(configs)) {
      expect(Object.keys(value.rules ?? {}).includes(`@pullback/${name}`)).toBe(
        claimed.includes(config as never),
      );
    }
  });

  it('strict holds every rule, recommended only those precise without types', () => {
    expect(Object.keys(configs.strict.rules ?? {})).toHaveLength(ruleNames.length);
    const untyped = ruleNames.filter(
      (name) => docsOf(name).recommended === 'recommended' && !docsOf(name).requiresTypeChecking,
    );
    expect(Object.keys(configs.recommended.rules ?? {}).sort()).toEqual(
      untyped.map((n) => `@pullback/${n}`).sort(),
    );
    expect(Object.keys(configs['recommended-type-checked'].rules ?? {})).toContain(
      '@pullback/no-nondifferentiable-math',
    );
  });

  it('recommended runs without type information', () => {
    const code = [
      `import { differentiable } from '@pullback/rules-core';`,
      `export const badcopy = differentiable(function badcopy(x: Float64Array) {`,
      `  const y = new Float64Array(x.length);`,
      `  for (let i = 0; i < x.length; i++) y[i] = x[i];`,
      `  return y;`,
      `});`,
    ].join('\n');
    const messages = new Linter().verify(
      code,
      [
        { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
        configs.recommended as Linter.Config,
      ],
      'badcopy.ts',
    );
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['@pullback/prefer-generic-types', 2],
      ['@pullback/no-non-generic-storage', 3],
      ['@pullback/no-typed-array-write', 4],
    ]);
    expect(
      messages.find((m) => m.ruleId === '@pullback/no-non-generic-storage')?.message,
    ).toContain('similar(x)');
  });
});

describe('finding differentiable code', () => {
  // The operators as DESIGN.md and issue 6 list them, written out rather than imported.
  const operators = [
    'pushforward pullback derivative gradient jacobian secondDerivative hvp hessian',
    'valueAndPushforward valueAndPullback valueAndDerivative valueAndGradient valueAndJacobian',
    'valueDerivativeAndSecondDerivative gradientAndHvp valueGradientAndHessian',
    'prepareGradient prepareDerivative prepareJacobian prepareHessian prepareHvp',
    'preparePushforward preparePullback prepareSecondDerivative',
  ]
    .join(' ')
    .split(' ');
  const linter = new Linter();
  const lint = (code: string): string[] =>
    linter
      .verify(
        code,
        [
          { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
          configs.strict as Linter.Config,
        ],
        'f.ts',
      )
      .map((message) => message.ruleId ?? 'fatal');

  it.each(operators)('a function passed to %s is differentiable code', (operator) => {
    expect(
      lint(`import { ${operator} } from '@pullback/engine';\n${operator}((x) => x * 2, null, 1);`),
    ).toEqual(['@pullback/no-raw-arithmetic']);
  });

  it.each(['differentiable', 'differentiateWith'])(
    'a function passed to %s is differentiable code',
    (name) => {
      expect(
        lint(`import { ${name} } from '@pullback/rules-core';\n${name}((x) => x * 2, null);`),
      ).toEqual(['@pullback/no-raw-arithmetic']);
    },
  );

  it('JavaScript files parsed by espree are checked too', () => {
    const messages = linter.verify(
      `import { gradient } from '@pullback/engine';\ngradient((x) => x * 2, null, 1);`,
      [{ files: ['**/*.js'] }, configs.strict as Linter.Config],
      'f.js',
    );
    expect(messages.map((message) => [message.ruleId, message.line])).toEqual([
      ['@pullback/no-raw-arithmetic', 2],
    ]);
  });

  it('the same names from anywhere but @pullback/* are not pullback', () => {
    expect(lint(`import { gradient } from 'other-ad';\ngradient((x) => x * 2, null, 1);`)).toEqual(
      [],
    );
  });
});

describe('settings.pullback', () => {
  const verify = (settings: Record<string, unknown>): void => {
    new Linter().verify(
      `export function f(x) { return x * 2; }`,
      [
        { files: ['**/*.ts'], languageOptions: { parser: tsParser }, settings },
        configs.strict as Linter.Config,
      ],
      'f.ts',
    );
  };

  it('rejects malformed settings with a message that says the shape', () => {
    expect(() => verify({ pullback: 'src/**' })).toThrow(/settings\.pullback must be an object/);
    expect(() => verify({ pullback: { differentiableFiles: 'src/**' } })).toThrow(
      /array of glob strings/,
    );
  });

  it.each([
    ['src/**/*.ts', 'src/a/b/c.ts', true],
    ['src/**/*.ts', 'src/c.ts', true],
    ['src/**/*.ts', 'lib/c.ts', false],
    ['src/*.ts', 'src/a/c.ts', false],
    ['src/{models,losses}/*.ts', 'src/losses/l2.ts', true],
    ['src/model?.ts', 'src/model1.ts', true],
    ['**/*.model.ts', 'a/b.model.ts', true],
    ['src/a.ts', 'src/a+ts', false],
  ])('glob %s against %s is %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});
