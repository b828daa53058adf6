/**
 * Issue 14's causes, each as the smallest program that showed it, linted with the plugin's
 * `recommended` config (type-aware cases are in the rules' own tests and the corpus).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint, Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { lines, typedRuleTester } from './rule-tester.js';

const linter = new Linter();
const config: Linter.Config[] = [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
  plugin.configs.recommended as Linter.Config,
];
const lint = (code: string): [string, number][] =>
  linter.verify(code, config, 'f.ts').map((m) => [m.ruleId ?? 'fatal', m.line]);

const core = `import { differentiable, primal, type Real, type RealArray } from '@pullback/rules-core';`;
const math = `import { at, add, map, mul, sum, similar, setAt } from '@pullback/rules-core/math';`;
const engine = `import { gradient, differentiateWith, finiteDifferences, reverse } from '@pullback/engine';`;

describe('issue 14: what the lint missed', () => {
  it('1. a parameter typed number[] that receives active values is active', () => {
    expect(
      lint(
        lines(
          engine,
          `export const g = gradient((x: number[]) => {`,
          `  let s = 0;`,
          `  for (const v of x) s += Math.exp(v);`,
          `  return -Math.log(s);`,
          `}, reverse(), [1, 2]);`,
        ),
      ),
    ).toEqual([
      ['@pullback/prefer-generic-types', 2],
      ['@pullback/no-raw-arithmetic', 4],
      ['@pullback/no-active-coercion', 4],
      ['@pullback/no-raw-arithmetic', 5],
      ['@pullback/no-active-coercion', 5],
    ]);
  });

  it('3. methods called through this and on an object literal are followed', () => {
    expect(
      lint(
        lines(
          engine,
          core,
          `class Chain { energy(x: number[]) { return x[0] * x[1]; } total(x: RealArray) { return this.energy(x as number[]); } }`,
          `const model = { loss(w: number[]) { return w[0] * 2; } };`,
          `const chain = new Chain();`,
          `export const a = gradient((x: RealArray) => chain.total(x), reverse(), [1, 2]);`,
          `export const b = gradient((w: RealArray) => model.loss(w as number[]), reverse(), [1]);`,
        ),
      ).filter(([rule]) => rule === '@pullback/no-raw-arithmetic'),
    ).toEqual([
      ['@pullback/no-raw-arithmetic', 3],
      ['@pullback/no-raw-arithmetic', 4],
    ]);
  });

  it('4. a Math result is active: both errors of (Math.hypot(a, b) - 1) ** 2 at once', () => {
    expect(
      lint(
        lines(
          core,
          math,
          `export const f = differentiable((q: RealArray) => (Math.hypot(at(q, 0) as number, 1) - 1) ** 2);`,
        ),
      ),
    ).toEqual([
      ['@pullback/no-raw-arithmetic', 3],
      ['@pullback/no-raw-arithmetic', 3],
      ['@pullback/no-active-coercion', 3],
    ]);
  });

  it('5. Math functions passed as functions are checked', () => {
    expect(
      lint(
        lines(
          core,
          math,
          `export const f = differentiable((w: number[]) => add(sum(map(Math.abs, w)), sum(w.map(Math.exp))));`,
        ),
      ).filter(([rule]) => rule === '@pullback/no-active-coercion'),
    ).toEqual([
      ['@pullback/no-active-coercion', 3],
      ['@pullback/no-active-coercion', 3],
    ]);
  });

  it('6. valid-rule follows partials that return a helper call', () => {
    expect(
      lint(
        lines(
          `import { scalarRule, type Real } from '@pullback/rules-core';`,
          `function grads(x: Real, y: Real) { return [y]; }`,
          `export const f = scalarRule((x: number, y: number) => x * y, (x, y) => grads(x, y));`,
        ),
      ),
    ).toEqual([['@pullback/valid-rule', 3]]);
  });

  it("7. no-input-mutation follows the operator's input into a helper", () => {
    expect(
      lint(
        lines(
          engine,
          core,
          math,
          `function clip(v: Real[]) { v[0] = 0; }`,
          `export const g = gradient((x: Real[]) => { clip(x); return sum(x); }, reverse(), [1]);`,
        ),
      ),
    ).toEqual([['@pullback/no-input-mutation', 4]]);
  });
});

describe('issue 14: false positives', () => {
  it('8. a body with both frule and rrule, and a differentiateWith(fn, finiteDifferences()) body, run on numbers', () => {
    expect(
      lint(
        lines(
          engine,
          core,
          math,
          `function body(x: Float64Array) { const y = new Float64Array(x.length); for (let i = 0; i < x.length; i++) y[i] = 2 * x[i]; return y; }`,
          `export const f = differentiable(body, { frule: ([x], [dx]) => [body(x), mul(2, dx as RealArray)], rrule: ([x]) => [body(x), (dy) => [mul(2, dy as RealArray)]] });`,
          `export const h = differentiateWith((x: Float64Array) => x[0] * Math.sin(x[1]), finiteDifferences());`,
        ),
      ),
    ).toEqual([]);
  });

  it('8. a RealArray-typed body with both rules, called from differentiable code, runs on numbers (second held-out part)', () => {
    expect(
      lint(
        lines(
          engine,
          core,
          math,
          `export const diff = differentiable((x: RealArray): RealArray => { const xs = x as Float64Array; const y = new Float64Array(xs.length - 1); for (let i = 0; i < y.length; i++) y[i] = xs[i + 1] - xs[i]; return y; }, { frule: ([x], [dx]) => [diff(x), diff(dx as RealArray)], rrule: ([x]) => [diff(x), (dy) => [dy]] });`,
          `export const g = gradient((x: RealArray) => sum(diff(x)), reverse(), [1, 2, 3]);`,
        ),
      ),
    ).toEqual([]);
  });

  it('9. the index of entries() is a plain number', () => {
    expect(
      lint(
        lines(
          engine,
          core,
          math,
          `export const g = gradient((r: Real[]) => { let t0: Real = 0; for (const [t, v] of r.entries()) { if (t > 10) break; t0 = add(t0, mul(v, 0.9 ** t)); } return t0; }, reverse(), [1]);`,
        ),
      ),
    ).toEqual([]);
  });

  it('10. a local type named RealArray is not ours', () => {
    expect(
      lint(
        lines(
          `type RealArray = Float64Array;`,
          `export function scale(x: RealArray, k: number): RealArray { const y = new Float64Array(x.length); for (let i = 0; i < x.length; i++) y[i] = x[i] * k; return y; }`,
        ),
      ),
    ).toEqual([]);
  });
});

// With types, a type named RealArray counted as ours wherever it was declared.
const localRealArray = {
  valid: [
    lines(
      `type RealArray = Float64Array;`,
      `export function scale(x: RealArray, k: number): RealArray {`,
      `  const y = new Float64Array(x.length);`,
      `  for (let i = 0; i < x.length; i++) y[i] = x[i] * k;`,
      `  return y;`,
      `}`,
    ),
  ],
  invalid: [],
};
typedRuleTester().run(
  'issue 14, cause 10: a local RealArray is not ours (no-typed-array-write, type-aware)',
  plugin.rules['no-typed-array-write'],
  localRealArray,
);
typedRuleTester().run(
  'issue 14, cause 10: a local RealArray is not ours (no-non-generic-storage, type-aware)',
  plugin.rules['no-non-generic-storage'],
  localRealArray,
);

describe('issue 14: messages', () => {
  const messages = (code: string) => linter.verify(code, config, 'f.ts').map((m) => m.message);

  it('13. messages say the engine falls back and reports, not that it throws', () => {
    const all = messages(
      lines(core, `export const f = differentiable((x: number) => Math.exp(x) * Number(x));`),
    );
    expect(all.length).toBeGreaterThan(0);
    for (const message of all) expect(message).not.toMatch(/throws ActiveCoercionError/);
    expect(all.some((m) => m.includes('re-runs it as a black box'))).toBe(true);
  });

  it('12. storage no input is as long as is advised to be a Real[], not similar(x)', () => {
    const [message] = messages(
      lines(
        core,
        math,
        `export const f = differentiable((x: RealArray) => { const h = new Float64Array(4); h[0] = at(x, 0) as number; return h; });`,
      ),
    ).filter((m) => m.includes("'h' is a Float64Array"));
    expect(message).toContain('Real[]');
    expect(message).not.toContain('similar(x) or zerosLike(x)');
    expect(message).toContain("ForwardDiff's badcopy example");
  });
});

describe('issue 14, cause 7: a model in one file, its training loop in another', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pullback-lint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'tsconfig.json'), '{}');
  writeFileSync(
    path.join(dir, 'model.ts'),
    lines(
      `export function predict(w: number[], x: number) {`,
      `  return w[0] * x + w[1];`,
      `}`,
      `export function unrelated(a: number) { return a * 2; }`,
    ),
  );
  writeFileSync(
    path.join(dir, 'train.ts'),
    lines(
      engine,
      `import type { RealArray } from '@pullback/rules-core';`,
      `import { predict, unrelated } from './model.js';`,
      `export const g = gradient((w: RealArray) => predict(w as number[], 2), reverse(), [1, 0]);`,
      `export const u = unrelated(3);`,
    ),
  );

  it("reports the model's arithmetic on the weights the training loop differentiates", async () => {
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], ...config[0] }, config[1]],
    });
    const [result] = await eslint.lintFiles(['model.ts']);
    expect(result.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['@pullback/prefer-generic-types', 1],
      ['@pullback/no-raw-arithmetic', 2],
      ['@pullback/no-raw-arithmetic', 2],
    ]);
  });
});

describe('issue 14: causes the held-out corpus found', () => {
  it('a function that calls an operator is a driver, not differentiable code by its Real parameters', () => {
    expect(
      lint(
        lines(
          engine,
          `import type { Real, RealArray } from '@pullback/rules-core';`,
          math,
          `const loss = (b: RealArray) => (x: RealArray): Real => sum(mul(x, b));`,
          `export function step(b: RealArray, x: Float64Array, lr: number): Float64Array {`,
          `  const g = gradient(loss(b), reverse(), x);`,
          `  return x.map((xi, i) => xi - lr * g[i]);`,
          `}`,
          `export function scale(b: RealArray, k: number) { return mul(b, k * 2); }`,
          `export function bad(b: RealArray) { return at(b, 0) * 2; }`,
        ),
      ),
    ).toEqual([['@pullback/no-raw-arithmetic', 10]]);
  });

  it('values copied with Float64Array.from still reach the result', () => {
    expect(
      lint(
        lines(
          engine,
          `import { dot } from '@pullback/rules-core/math';`,
          `function norm2(v: readonly number[]) {`,
          `  const w = Float64Array.from(v);`,
          `  return dot(w, w);`,
          `}`,
          `export const g = gradient((v: number[]) => norm2(v), reverse(), [1, 2]);`,
        ),
      ).filter(([rule]) => rule === '@pullback/prefer-generic-types'),
    ).toEqual([
      ['@pullback/prefer-generic-types', 3],
      ['@pullback/prefer-generic-types', 7],
    ]);
  });
});

describe('issue 14, held-out corpus: helpers and aliases in other files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pullback-lint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'tsconfig.json'), '{}');
  writeFileSync(
    path.join(dir, 'helpers.ts'),
    lines(
      `import type { Real } from '@pullback/rules-core';`,
      `export type State = number[];`,
      `type Weights = Float64Array;`,
      `export type { Weights };`,
      `export function clipInPlace(v: Real[], copy: Real[]) {`,
      `  v[0] = 0;`,
      `  copy[0] = 0;`,
      `}`,
    ),
  );
  writeFileSync(
    path.join(dir, 'fit.ts'),
    lines(
      engine,
      `import type { Real } from '@pullback/rules-core';`,
      math,
      `import { clipInPlace, type State, type Weights } from './helpers.js';`,
      `const step = (v: Real[]) => { clipInPlace(v, v.slice()); return sum(v); };`,
      `export const g = gradient((x: Real[]) => step(x), reverse(), [1, 2]);`,
      `export const h = gradient((s: State) => sum(s), reverse(), [1, 2]);`,
      `export const k = gradient((w: Weights) => sum(w), reverse(), [1, 2]);`,
    ),
  );
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], ...config[0] }, config[1]],
  });

  it("no-input-mutation follows the operator's input into a helper of another file", async () => {
    const [result] = await eslint.lintFiles(['helpers.ts']);
    expect(result.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['@pullback/no-input-mutation', 6],
    ]);
  });

  it('prefer-generic-types sees through a type alias imported from another file', async () => {
    const [result] = await eslint.lintFiles(['fit.ts']);
    expect(result.messages.map((m) => [m.ruleId, m.line, m.message.split(',')[0]])).toEqual([
      [
        '@pullback/prefer-generic-types',
        7,
        "Parameter 's' of differentiable code is typed 'State'",
      ],
      [
        '@pullback/prefer-generic-types',
        8,
        "Parameter 'w' of differentiable code is typed 'Weights'",
      ],
    ]);
    expect(result.messages[0].message).toContain("an alias of 'number[]'");
    expect(result.messages[1].message).toContain("an alias of 'Float64Array'");
  });
});
