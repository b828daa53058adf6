import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import { describe, expect, it } from 'vitest';
import { rules, type PullbackRuleDocs } from '../src/index.js';
import { lines, typedRuleTester, untypedRuleTester } from './rule-tester.js';

/**
 * Correct generic code, as DESIGN.md writes it: no rule may report any of it, with or without
 * type information. Each rule runs over the whole corpus.
 */
const imports = lines(
  `import { differentiable, primal, scalarRule, stopGradient, noTangent, type Real, type RealArray, type Matrix } from '@pullback/rules-core';`,
  `import { add, sub, mul, div, neg, pow, exp, log, square, sum, dot, at, setAt, similar, zerosLike, map, floor, matvec } from '@pullback/rules-core/math';`,
  `import { gradient, reverse } from '@pullback/engine';`,
);

const corpus: Record<string, string> = {
  goodcopy: lines(
    `export const goodcopy = differentiable(function goodcopy(x: RealArray) {`,
    `  const y = similar(x);`,
    `  for (let i = 0; i < x.length; i++) setAt(y, i, at(x, i));`,
    `  return y;`,
    `});`,
  ),
  'scalar loops with the vocabulary': lines(
    `export const rosenbrock = differentiable((x: RealArray): Real => {`,
    `  let s: Real = 0;`,
    `  for (let i = 0; i + 1 < x.length; i++) {`,
    `    const a = at(x, i);`,
    `    const b = at(x, i + 1);`,
    `    s = add(s, add(mul(100, square(sub(b, square(a)))), square(sub(1, a))));`,
    `  }`,
    `  return s;`,
    `});`,
  ),
  'whole-array code': lines(
    `export const softplusSum = differentiable((x: RealArray, w: RealArray) => sum(mul(w, log(add(1, exp(x))))));`,
    `export const quadratic = differentiable((A: Matrix, x: RealArray) => dot(x, matvec(A, x)));`,
    `export const size = differentiable((A: Matrix) => mul(A.rows * A.cols, 1));`,
  ),
  'control flow on primals, strong zeros and guarded fast paths': lines(
    `export const relu = differentiable((x: Real) => (primal(x) < 0 ? mul(0, x) : x));`,
    `export const plus = differentiable((a: Real, b: Real) => {`,
    `  if (typeof a === 'number' && typeof b === 'number') return a + b;`,
    `  return a === 0 ? b : b === 0 ? a : add(a, b);`,
    `});`,
  ),
  'kernels, accumulation and printing': lines(
    `export const squares = differentiable((x: RealArray) => map((xi) => mul(xi, xi), x));`,
    `export const cumulative = differentiable((x: RealArray) => {`,
    `  const y = zerosLike(x);`,
    `  for (let i = 0; i < x.length; i++) setAt(y, i, add(i > 0 ? at(y, i - 1) : 0, at(x, i)));`,
    `  const last = at(y, Math.max(x.length - 1, 0));`,
    `  console.log(\`total = \${primal(last).toFixed(4)} over \${x.length} entries\`);`,
    `  return y;`,
    `});`,
  ),
  'rules, partials and constants': lines(
    `export const softplus = scalarRule((x: number) => Math.log1p(Math.exp(x)), (x) => [div(1, add(1, exp(neg(x))))]);`,
    `export const power = differentiable((x: Real, n: number) => pow(x, n), {`,
    `  rrule: ([x, n]) => [pow(x, n), (dy) => [mul(dy, mul(n, pow(x, sub(n, 1)))), noTangent]],`,
    `});`,
    `export const steps = differentiable((x: Real) => mul(stopGradient(floor(x)), x));`,
    `const data = [1, 2, 3];`,
    `export const g = gradient((x: RealArray, d: number[]) => sum(square(sub(x, d))), reverse(), [0, 0, 0], data);`,
  ),
};

const covered: string[] = [];

/** Runs one rule over the corpus; generic so each rule keeps its own message ids and options. */
function runOverCorpus<MessageIds extends string, Options extends readonly unknown[]>(
  name: string,
  rule: RuleModule<MessageIds, Options, PullbackRuleDocs>,
): void {
  covered.push(name);
  const valid = Object.entries(corpus).map(([title, code]) => ({
    name: title,
    code: lines(imports, code),
  }));
  untypedRuleTester().run(`${name} on correct generic code`, rule, { valid, invalid: [] });
  typedRuleTester().run(`${name} on correct generic code (type-aware)`, rule, {
    valid,
    invalid: [],
  });
}

runOverCorpus('no-active-coercion', rules['no-active-coercion']);
runOverCorpus('no-impure-kernel', rules['no-impure-kernel']);
runOverCorpus('no-input-mutation', rules['no-input-mutation']);
runOverCorpus('no-non-generic-storage', rules['no-non-generic-storage']);
runOverCorpus('no-nondifferentiable-math', rules['no-nondifferentiable-math']);
runOverCorpus('no-raw-arithmetic', rules['no-raw-arithmetic']);
runOverCorpus('no-typed-array-write', rules['no-typed-array-write']);
runOverCorpus('prefer-generic-types', rules['prefer-generic-types']);
runOverCorpus('prefer-ifelse-when-prepared', rules['prefer-ifelse-when-prepared']);
runOverCorpus('valid-rule', rules['valid-rule']);

describe('the corpus of correct generic code', () => {
  it('is run through every rule', () => {
    expect(covered.toSorted()).toEqual(Object.keys(rules).toSorted());
  });
});
