/**
 * A failure to ask TypeScript degrades to "the types do not say": the rules never crash ESLint on
 * user code. typescript-estree parses a file a second time in one single run (ESLint's passes
 * after applying fixes, a second lint in the same process) with a fallback program that resolves
 * no import, and TypeScript 6 throws there while it prints the resulting errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { TypeOracle } from '../src/analysis/type-oracle.js';
import { fixtureProject, lines } from './rule-tester.js';

describe('a type checker that throws', () => {
  let asked = 0;
  const services = {
    program: { getTypeChecker: () => ({}), getCompilerOptions: () => ({}) },
    esTreeNodeToTSNodeMap: new WeakMap(),
    getTypeAtLocation: () => {
      asked++;
      throw new TypeError("Cannot read properties of undefined (reading 'includes')");
    },
  } as unknown as ParserServicesWithTypeInformation;
  const node = { type: 'Identifier', name: 'x' } as TSESTree.Node;

  it('answers that the types do not say, and is not asked again', () => {
    const oracle = new TypeOracle(services);
    expect(oracle.mayBeActive(node)).toBeUndefined();
    expect(oracle.isTypedArray(node)).toBeUndefined();
    expect(oracle.isNumberArray(node)).toBeUndefined();
    expect(oracle.isNumberLike(node)).toBeUndefined();
    expect(oracle.isStringLike(node)).toBeUndefined();
    expect(oracle.arrayShapeOf(node)).toBeUndefined();
    expect(oracle.arityOf(node)).toBeUndefined();
    expect(asked).toBe(1);
  });

  it('a program that resolves no import gives no oracle', () => {
    const isolated = {
      ...services,
      program: { getTypeChecker: () => ({}), getCompilerOptions: () => ({ noResolve: true }) },
    } as unknown as ParserServicesWithTypeInformation;
    expect(TypeOracle.for(isolated)).toBeUndefined();
  });
});

describe('a file linted twice with types in one single run', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pullback-single-run-'));
  const stub = (file: string) => path.join(fixtureProject, 'pullback', file);
  const singleRun = process.env.TSESTREE_SINGLE_RUN;
  beforeAll(() => {
    // What CI=true does for every ESLint run; explicit, so the test does not depend on CI.
    process.env.TSESTREE_SINGLE_RUN = 'true';
  });
  afterAll(() => {
    if (singleRun === undefined) delete process.env.TSESTREE_SINGLE_RUN;
    else process.env.TSESTREE_SINGLE_RUN = singleRun;
    rmSync(dir, { recursive: true, force: true });
  });
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        types: [],
        paths: {
          '@pullback/rules-core': [stub('rules-core.d.ts')],
          '@pullback/rules-core/math': [stub('math.d.ts')],
          '@pullback/engine': [stub('engine.d.ts')],
        },
      },
      include: ['*.ts'],
    }),
  );
  writeFileSync(
    path.join(dir, 'clip.ts'),
    lines(
      `import { gradient, reverse } from '@pullback/engine';`,
      `import { primal, type Real } from '@pullback/rules-core';`,
      `import { sum } from '@pullback/rules-core/math';`,
      `export const g = gradient((x: Real[]) => {`,
      `  if (primal(x[0]) > 1) x[0] = 1;`,
      `  return sum(x) * 2;`,
      `}, reverse(), [1, 2]);`,
      ``,
    ),
  );
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: {
        parser: tsParser,
        parserOptions: { project: path.join(dir, 'tsconfig.json'), tsconfigRootDir: dir },
      },
    },
    { ...(plugin.configs['recommended-type-checked'] as Linter.Config), files: ['**/*.ts'] },
  ];
  const expected = [
    ['@pullback/no-input-mutation', 5],
    ['@pullback/no-raw-arithmetic', 6],
  ];

  it('reports the same the second time, from the flow alone', { timeout: 60_000 }, async () => {
    const lint = async () => {
      const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config });
      const [result] = await eslint.lintFiles(['clip.ts']);
      return result.messages.map((m) => [m.ruleId, m.line]);
    };
    expect(await lint()).toEqual(expected);
    expect(await lint()).toEqual(expected);
  });

  it('applies fixes and lints the fixed file again', { timeout: 60_000 }, async () => {
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: config,
      fix: true,
    });
    const [result] = await eslint.lintFiles(['clip.ts']);
    expect(result.output).toContain('mul(sum(x), 2)');
    expect(result.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['@pullback/no-input-mutation', 5],
    ]);
  });
});
